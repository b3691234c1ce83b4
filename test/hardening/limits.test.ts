/**
 * The gateway's own limits: per-connection `max_concurrency` with a bounded wait queue,
 * and the per-key request rate. Both answer an OpenAI-shaped 429 with Retry-After.
 */
import { describe, expect, it } from 'vitest';
import { chat, expectOpenAIError, gateway, inferenceRequests, nextInference, ollamaStandIn, OLLAMA_MODEL, post, waitFor } from './harness.js';

async function limitedGateway(limits: { max_concurrency: number; max_queue: number; queue_timeout_ms: number }) {
  const upstream = await ollamaStandIn({ firstByteDelayMs: 1500 });
  const running = await gateway({ connections: [{ name: 'local', mode: 'ollama', base_url: upstream.url, models: [OLLAMA_MODEL], ...limits }] });
  const connection = running.gateway.connections[0];
  if (!connection) throw new Error('no connection');
  return { upstream, running, connection };
}

describe('max_concurrency and the wait queue', () => {
  it('answers 429 with Retry-After at once when max_concurrency is reached and the queue is full', async () => {
    const { upstream, running } = await limitedGateway({ max_concurrency: 1, max_queue: 0, queue_timeout_ms: 3000 });
    const busy = post(running, '/v1/chat/completions', chat(OLLAMA_MODEL, { scenario: 'slow-first-byte' }));
    await nextInference(upstream, 0);
    const refused = await post(running, '/v1/chat/completions', chat(OLLAMA_MODEL));
    expect(refused.headers.get('retry-after')).toBe('3');
    const error = await expectOpenAIError(refused, 429, 'rate_limit_exceeded');
    expect(error.type).toBe('rate_limit_error');
    expect(error.message).toContain("'local'");
    expect((await busy).status).toBe(200);
  });

  it('answers 429 with Retry-After when a queued request waited longer than queue_timeout_ms', async () => {
    const { upstream, running, connection } = await limitedGateway({ max_concurrency: 1, max_queue: 5, queue_timeout_ms: 200 });
    const busy = post(running, '/v1/chat/completions', chat(OLLAMA_MODEL, { scenario: 'slow-first-byte' }));
    await nextInference(upstream, 0);
    const queued = post(running, '/v1/chat/completions', chat(OLLAMA_MODEL));
    await waitFor('the request to queue', () => connection.limiter.queued === 1);
    const refused = await queued;
    expect(refused.headers.get('retry-after')).toBe('1');
    await expectOpenAIError(refused, 429, 'rate_limit_exceeded');
    expect(inferenceRequests(upstream)).toHaveLength(1);
    await busy;
  });

  it('serves a queued request once a slot frees up', async () => {
    const { upstream, running, connection } = await limitedGateway({ max_concurrency: 1, max_queue: 5, queue_timeout_ms: 10_000 });
    const first = post(running, '/v1/chat/completions', chat(OLLAMA_MODEL, { stream: true, scenario: 'slow-first-byte' }));
    await nextInference(upstream, 0);
    const second = post(running, '/v1/chat/completions', chat(OLLAMA_MODEL));
    await waitFor('the request to queue', () => connection.limiter.queued === 1);
    expect((await first).status).toBe(200);
    expect((await second).status).toBe(200);
    const [firstRecord, secondRecord] = inferenceRequests(upstream);
    expect(firstRecord?.finished).toBe(true);
    expect(secondRecord?.receivedAt).toBeGreaterThan(firstRecord?.receivedAt ?? Infinity);
  });

  it('never has more than max_concurrency requests upstream at once', async () => {
    const upstream = await ollamaStandIn({ chunkDelayMs: 10 });
    const running = await gateway({ connections: [{ name: 'local', mode: 'ollama', base_url: upstream.url, models: [OLLAMA_MODEL], max_concurrency: 3, max_queue: 50 }] });
    const connection = running.gateway.connections[0];
    let highest = 0;
    const watch = setInterval(() => (highest = Math.max(highest, connection?.limiter.inUse ?? 0)), 1);
    const answers = await Promise.all(Array.from({ length: 12 }, () => post(running, '/v1/chat/completions', chat(OLLAMA_MODEL, { stream: true })).then((response) => response.text())));
    clearInterval(watch);
    expect(answers.every((text) => text.endsWith('data: [DONE]\n\n'))).toBe(true);
    expect(highest).toBe(3);
    expect(inferenceRequests(upstream)).toHaveLength(12);
  });
});

describe('per-key rate limit', () => {
  async function keyedGateway() {
    const upstream = await ollamaStandIn();
    return gateway({
      server: { api_keys: [{ key: 'alpha-key', requests_per_minute: 2 }, 'beta-key'], rate_limit: { requests_per_minute: 0 } },
      connections: [{ name: 'local', mode: 'ollama', base_url: upstream.url, models: [OLLAMA_MODEL] }],
    });
  }

  it('answers 429 rate_limit_exceeded with Retry-After once a key used its requests_per_minute', async () => {
    const running = await keyedGateway();
    const headers = { authorization: 'Bearer alpha-key' };
    for (let index = 0; index < 2; index += 1) expect((await post(running, '/v1/chat/completions', chat(OLLAMA_MODEL), { headers })).status).toBe(200);
    const limited = await post(running, '/v1/chat/completions', chat(OLLAMA_MODEL), { headers });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const error = await expectOpenAIError(limited, 429, 'rate_limit_exceeded');
    expect(error.type).toBe('rate_limit_error');
  });

  it('limits each key on its own', async () => {
    const running = await keyedGateway();
    for (let index = 0; index < 3; index += 1) await post(running, '/v1/chat/completions', chat(OLLAMA_MODEL), { headers: { authorization: 'Bearer alpha-key' } });
    expect((await post(running, '/v1/chat/completions', chat(OLLAMA_MODEL), { headers: { authorization: 'Bearer beta-key' } })).status).toBe(200);
  });

  it('applies server.rate_limit per client address when there are no keys', async () => {
    const upstream = await ollamaStandIn();
    const running = await gateway({
      server: { rate_limit: { requests_per_minute: 1 } },
      connections: [{ name: 'local', mode: 'ollama', base_url: upstream.url, models: [OLLAMA_MODEL] }],
    });
    expect((await post(running, '/v1/chat/completions', chat(OLLAMA_MODEL))).status).toBe(200);
    const limited = await post(running, '/v1/chat/completions', chat(OLLAMA_MODEL));
    expect(limited.headers.get('retry-after')).toBe('60');
    await expectOpenAIError(limited, 429, 'rate_limit_exceeded');
  });

  it('leaves /health, /ready and /metrics out of the rate limit', async () => {
    const upstream = await ollamaStandIn();
    const running = await gateway({
      server: { rate_limit: { requests_per_minute: 1 } },
      connections: [{ name: 'local', mode: 'ollama', base_url: upstream.url, models: [OLLAMA_MODEL] }],
    });
    for (let index = 0; index < 3; index += 1) {
      for (const path of ['/health', '/ready', '/metrics']) expect((await fetch(running.url + path)).status).toBe(200);
    }
  });
});
