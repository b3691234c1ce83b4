/**
 * Every stream a client receives ends parseably: with `data: [DONE]`, or with a final
 * `data: {"error": …}` event that an SSE parser reads as its own event, whatever byte the
 * upstream stopped at, through passthrough and translation alike.
 */
import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { closeAfterEach } from '../../support/close-after.js';
import { startTestGateway, type ConfigInput, type TestGateway } from '../../support/gateway.js';
import { parseSse } from '../../support/parse-sse.js';
import { chunkEvent, ollamaLine, startScriptedUpstream, type ScriptedUpstream } from './scripted-upstream.js';

const track = closeAfterEach();
const model = 'fake-model';

const modes = {
  passthrough: {
    kind: 'openai' as const,
    contentType: 'text/event-stream',
    body: () => [...Array.from({ length: 12 }, (_value, index) => chunkEvent(`tok${index} ünï`)), chunkEvent('', 'stop'), 'data: [DONE]\n\n'].join(''),
    connection: (upstream: ScriptedUpstream): NonNullable<ConfigInput['connections']>[number] => ({ name: 'box', mode: 'openai_compatible', base_url: `${upstream.root}/v1` }),
  },
  translated: {
    kind: 'ollama' as const,
    contentType: 'application/x-ndjson',
    body: () => [...Array.from({ length: 12 }, (_value, index) => ollamaLine(`tok${index} ünï`)), ollamaLine('', true)].join(''),
    connection: (upstream: ScriptedUpstream): NonNullable<ConfigInput['connections']>[number] => ({ name: 'box', mode: 'ollama', base_url: upstream.root, ollama_api: 'chat' }),
  },
};

/** Sends the first `cut` bytes of the body, then kills the socket. */
function sendCut(res: ServerResponse, contentType: string, body: Buffer, cut: number): void {
  res.writeHead(200, { 'content-type': contentType });
  res.write(body.subarray(0, cut), () => setImmediate(() => res.socket?.destroy()));
}

async function streamText(gateway: TestGateway): Promise<string> {
  const response = await fetch(`${gateway.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model, stream: true, messages: [{ role: 'user', content: 'Hi' }] }),
  });
  // A stream cut before its first byte is an error answer, not a stream.
  if (!response.headers.get('content-type')?.startsWith('text/event-stream')) return `data: ${await response.text()}\n\n`;
  return response.text();
}

/** Every event is its own JSON object, and the last one is `[DONE]` or an error. */
function expectParseableEnding(text: string): void {
  const payloads = parseSse(text);
  const last = payloads.at(-1);
  for (const payload of payloads.slice(0, -1)) expect(typeof payload).toBe('object');
  if (last !== '[DONE]') expect(last).toMatchObject({ error: { message: expect.any(String) } });
  expect(text.endsWith('\n\n')).toBe(true);
}

/** Deterministic offsets, so a failure can be replayed. */
function* offsets(seed: number, length: number, count: number): Generator<number> {
  let state = seed;
  for (let index = 0; index < count; index += 1) {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    yield 1 + (state % (length - 1));
  }
}

describe.each(Object.entries(modes))('an upstream that dies mid-stream (%s)', (_name, mode) => {
  it('ends the client stream with a final error event after the last whole event', async () => {
    const upstream = track(await startScriptedUpstream(mode.kind, model));
    const body = Buffer.from(mode.body());
    // In the middle of the sixth event or line.
    const cut = body.indexOf(mode.kind === 'openai' ? 'tok5' : 'tok5');
    upstream.handle = (_req, res) => sendCut(res, mode.contentType, body, cut);
    const gateway = track(await startTestGateway({ connections: [mode.connection(upstream)] }));
    const text = await streamText(gateway);
    expectParseableEnding(text);
    expect(parseSse(text).at(-1)).toMatchObject({ error: { type: 'upstream_error' } });
  });

  it('ends parseably whatever byte it stopped at (soak of 60 cuts)', async () => {
    const upstream = track(await startScriptedUpstream(mode.kind, model));
    const body = Buffer.from(mode.body());
    const cuts = [...offsets(7, body.length, 60)];
    let next = 0;
    upstream.handle = (_req, res) => sendCut(res, mode.contentType, body, cuts[next++ % cuts.length]!);
    const gateway = track(await startTestGateway({ connections: [mode.connection(upstream)] }));
    for (let round = 0; round < cuts.length; round += 6) {
      const texts = await Promise.all(Array.from({ length: 6 }, () => streamText(gateway)));
      for (const text of texts) expectParseableEnding(text);
    }
  });
});
