/**
 * The logger's redaction: keys and authorization headers never reach a log line, whatever
 * object holding them is logged.
 */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/observability/logger.js';

describe('createLogger', () => {
  it('redacts keys if an object holding one is ever logged', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        lines.push(chunk.toString('utf8'));
        callback();
      },
    });
    const logger = createLogger('info', sink);
    logger.info({ connection: { api_key: 'sk-a', headers: { authorization: 'Bearer sk-b', 'x-api-key': 'sk-c' } }, api_key: 'sk-d' }, 'object');
    logger.info({ config: { server: { api_keys: ['sk-e'] }, connections: [{ api_key: 'sk-f', headers: { 'x-custom': 'sk-g' } }] } }, 'config');
    expect(lines.join('')).not.toMatch(/sk-[a-g]/);
  });
});
