/**
 * A client that disconnects cancels the upstream request at once, in both modes, streamed
 * or not (a stopped chat in Open WebUI must stop the GPU). The stand-in records when its
 * connection closed; the bound is the 100 ms plus CI slack.
 */
import type { ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { closeAfterEach } from '../../support/close-after.js';
import { eventually } from '../../support/eventually.js';
import { startTestGateway } from '../../support/gateway.js';
import { postJson } from '../../support/post-json.js';
import { readMetric } from '../../support/prometheus-text.js';
import { startStandInOllama } from '../../support/stand-ins/stand-in-ollama.js';
import { startStandInOpenAI } from '../../support/stand-ins/stand-in-openai.js';
import { CANCEL_WITHIN_MS, chat, inferenceRequests, nextInference, OLLAMA_MODEL, VLLM_MODEL } from './traffic.js';

const track = closeAfterEach();

async function setUp(options: { maxConcurrency?: number } = {}) {
  const ollama = track(await startStandInOllama({ firstByteDelayMs: 10_000, chunkDelayMs: 20 }));
  const vllm = track(await startStandInOpenAI({ firstByteDelayMs: 10_000, chunkDelayMs: 20 }));
  const limits = { max_concurrency: options.maxConcurrency ?? 0, queue_timeout_ms: 10_000 };
  const running = track(await startTestGateway({
    connections: [
      { name: 'ollama', mode: 'ollama', base_url: ollama.url, ollama_api: 'chat', ...limits },
      { name: 'vllm', mode: 'openai_compatible', base_url: vllm.baseUrl, ...limits },
    ],
  }));
  // When the gateway saw each client connection go away, to tell where a slow cancellation lost its time.
  const clientGoneAt: number[] = [];
  running.server.on('request', (_req, res: ServerResponse) => res.once('close', () => clientGoneAt.push(performance.now())));
  // One answered request per mode first, so that connection set-up and first-call compilation are not what is timed.
  for (const model of [OLLAMA_MODEL, VLLM_MODEL]) await (await postJson(`${running.url}/v1/chat/completions`, chat(model, { stream: true }))).text();
  return { ollama, vllm, running, clientGoneAt };
}

/** Asserts the bound, naming both hops when it is missed. */
function expectCancelledWithin(abortedAt: number, closedAt: number, clientGoneAt: number[]) {
  const delay = closedAt - abortedAt;
  const seen = clientGoneAt.filter((time) => time >= abortedAt).map((time) => Math.round(time - abortedAt));
  expect(delay, `upstream closed ${Math.round(delay)} ms after the client aborted (gateway saw the client go after ${seen.join(', ')} ms)`).toBeLessThan(CANCEL_WITHIN_MS);
}

const modes = [
  { mode: 'translated (Ollama)', model: OLLAMA_MODEL, upstream: 'ollama' as const },
  { mode: 'passthrough (vLLM)', model: VLLM_MODEL, upstream: 'vllm' as const },
];

describe.each(modes)('cancellation, $mode', ({ model, upstream }) => {
  it('closes the upstream request within 100 ms when the client drops a stream mid-way', async () => {
    const setup = await setUp();
    const standIn = setup[upstream];
    const client = new AbortController();
    const response = await postJson(`${setup.running.url}/v1/chat/completions`, chat(model, { stream: true, scenario: 'never-ending' }), { signal: client.signal });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    const record = await nextInference(standIn, 1);
    const abortedAt = performance.now();
    client.abort();
    await eventually('the upstream connection to close', () => record.closedAt !== undefined);
    expectCancelledWithin(abortedAt, record.closedAt as number, setup.clientGoneAt);
    expect(record.finished).toBe(false);
  });

  it('closes the upstream request within 100 ms when the client drops a request that is not streamed', async () => {
    const setup = await setUp();
    const standIn = setup[upstream];
    const client = new AbortController();
    const pending = postJson(`${setup.running.url}/v1/chat/completions`, chat(model, { scenario: 'slow-first-byte' }), { signal: client.signal }).catch((error: unknown) => error);
    const record = await nextInference(standIn, 1);
    const abortedAt = performance.now();
    client.abort();
    await pending;
    await eventually('the upstream connection to close', () => record.closedAt !== undefined);
    expectCancelledWithin(abortedAt, record.closedAt as number, setup.clientGoneAt);
  });

  it('closes the upstream request within 100 ms when the client drops a stream before its first byte', async () => {
    const setup = await setUp();
    const standIn = setup[upstream];
    const client = new AbortController();
    const pending = postJson(`${setup.running.url}/v1/chat/completions`, chat(model, { stream: true, scenario: 'slow-first-byte' }), { signal: client.signal }).catch((error: unknown) => error);
    const record = await nextInference(standIn, 1);
    const abortedAt = performance.now();
    client.abort();
    await pending;
    await eventually('the upstream connection to close', () => record.closedAt !== undefined);
    expectCancelledWithin(abortedAt, record.closedAt as number, setup.clientGoneAt);
  });

  it('never sends upstream a request whose client left while it waited for a slot, and frees the queue', async () => {
    const setup = await setUp({ maxConcurrency: 1 });
    const standIn = setup[upstream];
    const holder = new AbortController();
    const holding = postJson(`${setup.running.url}/v1/chat/completions`, chat(model, { scenario: 'slow-first-byte' }), { signal: holder.signal }).catch(() => undefined);
    await nextInference(standIn, 1);
    const waiter = new AbortController();
    const waiting = postJson(`${setup.running.url}/v1/chat/completions`, chat(model), { signal: waiter.signal }).catch(() => undefined);
    await eventually('the second request to queue', () => setup.running.gateway.connections.some((connection) => connection.limiter.queued === 1));
    waiter.abort();
    await waiting;
    await eventually('the queue to empty', () => setup.running.gateway.connections.every((connection) => connection.limiter.queued === 0));
    holder.abort();
    await holding;
    await eventually('the slot to be released', () => setup.running.gateway.connections.every((connection) => connection.limiter.inUse === 0));
    expect(inferenceRequests(standIn)).toHaveLength(2);
  });

  it('brings the inflight gauge back to 0 after a client abort', async () => {
    const setup = await setUp();
    const client = new AbortController();
    const response = await postJson(`${setup.running.url}/v1/chat/completions`, chat(model, { stream: true, scenario: 'never-ending' }), { signal: client.signal });
    await (response.body as ReadableStream<Uint8Array>).getReader().read();
    expect(await readMetric(setup.running, 'switchyard_inflight_requests', { connection: upstream })).toBe(1);
    client.abort();
    await eventually('the inflight gauge to return to 0', async () => (await readMetric(setup.running, 'switchyard_inflight_requests', { connection: upstream })) === 0);
  });
});
