/**
 * Starts gateways for tests: on 127.0.0.1, a free port, a silent logger unless a test
 * wants to read the log lines.
 */
import { Writable } from 'node:stream';
import type { z } from 'zod';
import { configSchema } from '../../config/schema.js';
import { startGateway, type RunningGateway } from '../../src/server.js';
import { createLogger } from '../../src/logger.js';

export type ConfigInput = z.input<typeof configSchema>;

export interface TestGateway extends RunningGateway {
  /** Log lines written so far, parsed. */
  logs: Array<Record<string, unknown>>;
}

export async function startTestGateway(input: ConfigInput): Promise<TestGateway> {
  const config = configSchema.parse({
    ...input,
    server: { host: '127.0.0.1', port: 0, shutdown_timeout_ms: 2000, ...input.server },
    health_checks: { interval_ms: 60_000, timeout_ms: 2000, ...input.health_checks },
  });
  const logs: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString('utf8').split('\n')) if (line) logs.push(JSON.parse(line) as Record<string, unknown>);
      callback();
    },
  });
  const logger = createLogger(config.server.log_level === 'silent' ? 'silent' : 'debug', sink);
  const running = await startGateway(config, logger);
  return Object.assign(running, { logs });
}
