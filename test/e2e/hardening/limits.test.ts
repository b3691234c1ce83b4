/**
 * The gateway's own limits: per-connection `max_concurrency` with a bounded wait queue,
 * and the per-key request rate. Both answer an OpenAI-shaped 429 with Retry-After.
 */
import { describe, expect, it } from 'vitest';
import { closeAfterEach } from '../../support/close-after.js';
import { eventually } from '../../support/eventually.js';
import { startTestGateway } from '../../support/gateway.js';
import { expectOpenAIError } from '../../support/openai-error.js';
import { postJson } from '../../support/post-json.js';
import { startStandInOllama } from '../../support/stand-ins/stand-in-ollama.js';
import { chat, inferenceRequests, nextInference, OLLAMA_MODEL } from './traffic.js';

const track = closeAfterEach();

async function limitedGateway(limits: { max_concurrency: number; max_queue: number; queue_timeout_ms: number }) {
  const upstream = track(await startStandInOllama({ firstByteDelayMs: 1500 }));
  const running = track(await startTestGateway({ connections: [{ name: 'local', mode: 'ollama', base_url: upstream.url, models: [OLLAMA_MODEL], ...limits }] }));
  const connection = running.gateway.connections[0];
  if (!connection) throw new Error('no connection');
  return { upstream, running, connection };
}

describe('max_concurrency and the wait queue', () => {
  it('answers 429 with Retry-After at once when max_concurrency is reached and the queue is full', async () => {
    const { upstream, running } = await limitedGateway({ max_concurrency: 1, max_queue: 0, queue_timeout_ms: 3000 });
    const busy = postJson(`${running.url}/v1/chat/completions`, chat(OLLAMA_MODEL, { scenario: 'slow-first-byte' }));
    await nextInference(upstream, 0);
    const refused = await postJson(`${running.url}/v1/chat/completions`, chat(OLLAMA_MODEL));
    expect(refused.headers.get('retry-after')).toBe('3');
    const error = await expectOpenAIError(refused, { status: 429, code: 'rate_limit_exceeded' });
    expect(error.type).toBe('rate_limit_error');
    expect(error.message).toContain("'local'");
    expect((await busy).status).toBe(200);
  });

  it('answers 429 with Retry-After when a queued request waited longer than queue_timeout_ms', async () => {
    const { upstream, running, connection } = await limitedGateway({ max_concurrency: 1, max_queue: 5, queue_timeout_ms: 200 });
    const busy = postJson(`${running.url}/v1/chat/completions`, chat(OLLAMA_MODEL, { scenario: 'slow-first-byte' }));
    await nextInference(upstream, 0);
    const queued = postJson(`${running.url}/v1/chat/completions`, chat(OLLAMA_MODEL));
    await eventually('the request to queue', () => connection.limiter.queued === 1);
    const refused = await queued;
    expect(refused.headers.get('retry-after')).toBe('1');
    await expectOpenAIError(refused, { status: 429, code: 'rate_limit_exceeded' });
    expect(inferenceRequests(upstream)).toHaveLength(1);
    await busy;
  });

  it('serves a queued request once a slot frees up', async () => {
    const { upstream, running, connection } = await limitedGateway({ max_concurrency: 1, max_queue: 5, queue_timeout_ms: 10_000 });
    const first = postJson(`${running.url}/v1/chat/completions`, chat(OLLAMA_MODEL, { stream: true, scenario: 'slow-first-byte' }));
    await nextInference(upstream, 0);
    const second = postJson(`${running.url}/v1/chat/completions`, chat(OLLAMA_MODEL));
    await eventually('the request to queue', () => connection.limiter.queued === 1);
    expect((await first).status).toBe(200);
    expect((await second).status).toBe(200);
    const [firstRecord, secondRecord] = inferenceRequests(upstream);
    expect(firstRecord?.finished).toBe(true);
    expect(secondRecord?.receivedAt).toBeGreaterThan(firstRecord?.receivedAt ?? Infinity);
  });

  it('never has more than max_concurrency requests upstream at once', async () => {
    const upstream = track(await startStandInOllama({ chunkDelayMs: 10 }));
    const running = track(await startTestGateway({ connections: [{ name: 'local', mode: 'ollama', base_url: upstream.url, models: [OLLAMA_MODEL], max_concurrency: 3, max_queue: 50 }] }));
    const connection = running.gateway.connections[0];
    let highest = 0;
    const watch = setInterval(() => (highest = Math.max(highest, connection?.limiter.inUse ?? 0)), 1);
    const answers = await Promise.all(Array.from({ length: 12 }, () => postJson(`${running.url}/v1/chat/completions`, chat(OLLAMA_MODEL, { stream: true })).then((response) => response.text())));
    clearInterval(watch);
    expect(answers.every((text) => text.endsWith('data: [DONE]\n\n'))).toBe(true);
    expect(highest).toBe(3);
    expect(inferenceRequests(upstream)).toHaveLength(12);
  });
});

describe('per-key rate limit', () => {
  async function keyedGateway() {
    const upstream = track(await startStandInOllama());
    return track(
      await startTestGateway({
        server: { api_keys: [{ key: 'alpha-key', requests_per_minute: 2 }, 'beta-key'], rate_limit: { requests_per_minute: 0 } },
        connections: [{ name: 'local', mode: 'ollama', base_url: upstream.url, models: [OLLAMA_MODEL] }],
      }),
    );
  }

  it('answers 429 rate_limit_exceeded with Retry-After once a key used its requests_per_minute', async () => {
    const running = await keyedGateway();
    const headers = { authorization: 'Bearer alpha-key' };
    for (let index = 0; index < 2; index += 1) expect((await postJson(`${running.url}/v1/chat/completions`, chat(OLLAMA_MODEL), { headers })).status).toBe(200);
    const limited = await postJson(`${running.url}/v1/chat/completions`, chat(OLLAMA_MODEL), { headers });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const error = await expectOpenAIError(limited, { status: 429, code: 'rate_limit_exceeded' });
    expect(error.type).toBe('rate_limit_error');
  });

  it('limits each key on its own', async () => {
    const running = await keyedGateway();
    for (let index = 0; index < 3; index += 1) await postJson(`${running.url}/v1/chat/completions`, chat(OLLAMA_MODEL), { headers: { authorization: 'Bearer alpha-key' } });
    expect((await postJson(`${running.url}/v1/chat/completions`, chat(OLLAMA_MODEL), { headers: { authorization: 'Bearer beta-key' } })).status).toBe(200);
  });

  it('applies server.rate_limit per client address when there are no keys', async () => {
    const upstream = track(await startStandInOllama());
    const running = track(await startTestGateway({
      server: { rate_limit: { requests_per_minute: 1 } },
      connections: [{ name: 'local', mode: 'ollama', base_url: upstream.url, models: [OLLAMA_MODEL] }],
    }));
    expect((await postJson(`${running.url}/v1/chat/completions`, chat(OLLAMA_MODEL))).status).toBe(200);
    const limited = await postJson(`${running.url}/v1/chat/completions`, chat(OLLAMA_MODEL));
    expect(limited.headers.get('retry-after')).toBe('60');
    await expectOpenAIError(limited, { status: 429, code: 'rate_limit_exceeded' });
  });

  it('leaves /health, /ready and /metrics out of the rate limit', async () => {
    const upstream = track(await startStandInOllama());
    const running = track(await startTestGateway({
      server: { rate_limit: { requests_per_minute: 1 } },
      connections: [{ name: 'local', mode: 'ollama', base_url: upstream.url, models: [OLLAMA_MODEL] }],
    }));
    for (let index = 0; index < 3; index += 1) {
      for (const path of ['/health', '/ready', '/metrics']) expect((await fetch(running.url + path)).status).toBe(200);
    }
  });
});
