/**
 * `idle_timeout_ms` measures the upstream's silence, never the client's: while a slow
 * client is not reading, the gateway stops reading from the upstream too, and that pause
 * is no timeout. In both modes the stream arrives whole and no breaker is touched.
 */
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { closeAfterEach } from '../../support/close-after.js';
import { startTestGateway, type ConfigInput } from '../../support/gateway.js';
import { parseSse } from '../../support/parse-sse.js';
import { scrape, sumOf } from '../../support/prometheus-text.js';
import { chunkEvent, ollamaLine, startScriptedUpstream, type ScriptedUpstream } from './scripted-upstream.js';

const track = closeAfterEach();
const model = 'fake-model';
const idleMs = 300;
/** Far more than the socket buffers on both sides hold, so the client's pause reaches the upstream. */
const chunks = 400;
const filler = 'x'.repeat(16 * 1024);

/** Writes every chunk as fast as the gateway takes them, honouring backpressure. */
function writeAll(res: import('node:http').ServerResponse, frames: string[]): void {
  let next = 0;
  const pump = () => {
    while (next < frames.length) {
      if (!res.write(frames[next++]!)) return void res.once('drain', pump);
    }
    res.end();
  };
  pump();
}

/** A raw client that reads the head, then stops reading for `pauseMs`, then reads the rest. */
function slowClient(url: string, body: unknown, pauseMs: number): Promise<string> {
  const { hostname, port } = new URL(url);
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const parts: Buffer[] = [];
    let paused = false;
    socket.on('data', (data: Buffer) => {
      parts.push(data);
      if (!paused) {
        paused = true;
        socket.pause();
        setTimeout(() => socket.resume(), pauseMs);
      }
    });
    socket.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    socket.on('error', reject);
    socket.write(`POST /v1/chat/completions HTTP/1.1\r\nhost: ${hostname}\r\ncontent-type: application/json\r\nconnection: close\r\ncontent-length: ${Buffer.byteLength(payload)}\r\n\r\n${payload}`);
  });
}

/** The SSE payloads of a raw HTTP/1.1 chunked answer. */
function payloadsOf(raw: string): unknown[] {
  const body = raw.slice(raw.indexOf('\r\n\r\n') + 4);
  let text = '';
  let rest = body;
  for (;;) {
    const lineEnd = rest.indexOf('\r\n');
    const size = Number.parseInt(rest.slice(0, lineEnd), 16);
    if (!size) break;
    text += rest.slice(lineEnd + 2, lineEnd + 2 + size);
    rest = rest.slice(lineEnd + 2 + size + 2);
  }
  return parseSse(text);
}

async function gatewayBefore(upstream: ScriptedUpstream, mode: 'ollama' | 'openai_compatible') {
  const connection: NonNullable<ConfigInput['connections']>[number] =
    mode === 'ollama'
      ? { name: 'box', mode, base_url: upstream.root, ollama_api: 'chat', idle_timeout_ms: idleMs }
      : { name: 'box', mode, base_url: `${upstream.root}/v1`, idle_timeout_ms: idleMs };
  return track(await startTestGateway({ connections: [connection] }));
}

describe.each([
  ['passthrough', 'openai_compatible' as const, () => [...Array.from({ length: chunks }, () => chunkEvent(filler)), chunkEvent('', 'stop'), 'data: [DONE]\n\n']],
  ['translated', 'ollama' as const, () => [...Array.from({ length: chunks }, () => ollamaLine(filler)), ollamaLine('', true)]],
])('a client that stops reading for three idle periods (%s)', (_name, mode, frames) => {
  it('gets the whole stream, and nothing is blamed on the upstream', async () => {
    const upstream = track(await startScriptedUpstream(mode === 'ollama' ? 'ollama' : 'openai', model));
    upstream.handle = (_req, res) => {
      res.writeHead(200, { 'content-type': mode === 'ollama' ? 'application/x-ndjson' : 'text/event-stream' });
      writeAll(res, frames());
    };
    const gateway = await gatewayBefore(upstream, mode);
    const raw = await slowClient(gateway.url, { model, stream: true, messages: [{ role: 'user', content: 'Hi' }] }, idleMs * 3);
    const payloads = payloadsOf(raw);
    expect(payloads.at(-1)).toBe('[DONE]');
    expect(payloads.some((payload) => typeof payload === 'object' && payload !== null && 'error' in payload)).toBe(false);
    expect(sumOf(await scrape(gateway.url), 'switchyard_upstream_errors_total', { reason: 'timeout' })).toBe(0);
    expect(gateway.gateway.connections[0]?.breakerFor(model).state).toBe('closed');
  });
});
