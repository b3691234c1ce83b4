/**
 * Human terminal log lines (src/observability/pretty-log.ts) and when the logger writes
 * them instead of JSON (`server.log_format`).
 */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, writesPretty, type LogFormat } from '../../../src/observability/logger.js';
import { formatLogRecord } from '../../../src/observability/pretty-log.js';

function captureLines() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(chunk.toString('utf8'));
      callback();
    },
  });
  return { sink, text: () => lines.join('') };
}

const requestLine = {
  request_id: 'req-1',
  method: 'POST',
  route: '/v1/chat/completions',
  model: 'chat',
  connection: 'ollama',
  status: 200,
  stream: true,
  duration_ms: 123,
  ttft_ms: 40,
  prompt_tokens: 12,
  completion_tokens: 34,
};

const plain = { color: false };
const at = (time: string) => new Date(time).toISOString();

describe('pretty log lines', () => {
  it('writes a request as one short line: time, level, method, route, labels, status, duration', () => {
    const { sink, text } = captureLines();
    createLogger('info', sink, 'pretty').info(requestLine, 'request');
    expect(text()).toMatch(/^\d\d:\d\d:\d\d INFO {2}POST \/v1\/chat\/completions model=chat connection=ollama 200 123ms ttft=40ms tokens=12->34 stream\n$/);
  });

  it('leaves out the labels of a request never routed and names its id when it failed', () => {
    const line = formatLogRecord({ level: 30, time: at('2025-01-01T10:00:00'), msg: 'request', method: 'POST', route: '/v1/chat/completions', model: 'unknown', connection: 'none', status: 503, duration_ms: 4, request_id: 'req-9', error: 'no connection is up' }, plain);
    expect(line).toBe('10:00:00 INFO  POST /v1/chat/completions 503 4ms error="no connection is up" id=req-9\n');
  });

  it('writes other lines as their message and fields, quoting values with spaces', () => {
    const line = formatLogRecord({ level: 40, time: at('2025-01-01T09:05:03'), service: 'switchyard', msg: 'model discovery failed', connection: 'vllm', error: 'connect ECONNREFUSED 127.0.0.1:1' }, plain);
    expect(line).toBe('09:05:03 WARN  model discovery failed connection=vllm error="connect ECONNREFUSED 127.0.0.1:1"\n');
  });

  it('leaves out fields the message already spells out', () => {
    const line = formatLogRecord({ level: 30, time: at('2025-01-01T09:00:00'), msg: 'switchyard listening on http://127.0.0.1:4000', host: '127.0.0.1', port: 4000, url: 'http://127.0.0.1:4000', config: 'gateway.config.yaml' }, plain);
    expect(line).toBe('09:00:00 INFO  switchyard listening on http://127.0.0.1:4000 config=gateway.config.yaml\n');
  });

  it('writes a logged error as its message, and its stack indented on the lines after', () => {
    const { sink, text } = captureLines();
    createLogger('info', sink, 'pretty').error({ err: new Error('disk full') }, 'shutdown failed');
    const [first, second] = text().split('\n');
    expect(first).toMatch(/ERROR shutdown failed err="disk full"$/);
    expect(second).toMatch(/^ {4}at /);
  });

  it('still redacts keys', () => {
    const { sink, text } = captureLines();
    createLogger('info', sink, 'pretty').info({ api_key: 'sk-secret-4711' }, 'configured');
    expect(text()).toContain('api_key=[redacted]');
    expect(text()).not.toContain('sk-secret-4711');
  });

  it('colours the level and status only when asked', () => {
    const record = { level: 50, time: at('2025-01-01T10:00:00'), msg: 'request', method: 'GET', route: '/v1/models', status: 502, duration_ms: 1 };
    expect(formatLogRecord(record, { color: true })).toContain('\u001b[31mERROR\u001b[0m');
    expect(formatLogRecord(record, plain)).not.toContain('\u001b[');
  });

  it('writes JSON for a given stream under auto, as tests and log collectors read it', () => {
    const { sink, text } = captureLines();
    createLogger('info', sink).info(requestLine, 'request');
    expect(JSON.parse(text())).toMatchObject({ msg: 'request', route: '/v1/chat/completions', status: 200 });
  });

  it.each<{ format: LogFormat; toTerminal: boolean; pretty: boolean }>([
    { format: 'auto', toTerminal: true, pretty: true },
    { format: 'auto', toTerminal: false, pretty: false },
    { format: 'json', toTerminal: true, pretty: false },
    { format: 'pretty', toTerminal: false, pretty: true },
  ])('log_format $format to a terminal: $toTerminal → pretty: $pretty', ({ format, toTerminal, pretty }) => {
    expect(writesPretty(format, toTerminal)).toBe(pretty);
  });
});
