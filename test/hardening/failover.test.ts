/**
 * Refused connections, resets and 5xx answers before the first byte are retried on the
 * next connection serving the model; a connection that fails `failure_threshold` times in
 * a row is skipped for `cooldown_ms`, then probed with one request.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../demo/stand-in-scenario.js';
import {
  chat,
  expectOpenAIError,
  finalErrorFrame,
  gateway,
  inferenceRequests,
  ollamaStandIn,
  OLLAMA_MODEL,
  openAIStandIn,
  parseSse,
  post,
  readMetric,
  VLLM_MODEL,
} from './harness.js';

const breakerSettings = { failure_threshold: 2, cooldown_ms: 400 };

async function twoOllamas(settings: Record<string, number> = {}) {
  const failing = await ollamaStandIn();
  const healthy = await ollamaStandIn();
  const running = await gateway({
    connections: [
      { name: 'failing', mode: 'ollama', base_url: failing.url, models: [OLLAMA_MODEL], failure_threshold: 100, ...settings },
      { name: 'healthy', mode: 'ollama', base_url: healthy.url, models: [OLLAMA_MODEL], failure_threshold: 100, ...settings },
    ],
  });
  return { failing, healthy, running };
}

async function oneOllama(settings: Record<string, number>) {
  const upstream = await ollamaStandIn();
  const running = await gateway({ connections: [{ name: 'only', mode: 'ollama', base_url: upstream.url, models: [OLLAMA_MODEL], ...settings }] });
  return { upstream, running };
}

describe('failover before the first byte', () => {
  it.each<Scenario>(['http-500', 'reset-before-response'])('retries a request that met %s on the next connection', async (scenario) => {
    const { failing, healthy, running } = await twoOllamas();
    failing.scenario = scenario;
    // Round-robin starts on either connection; two requests make sure one starts on the failing one.
    for (let index = 0; index < 2; index += 1) {
      const response = await post(running, '/v1/chat/completions', chat(OLLAMA_MODEL));
      expect(response.status).toBe(200);
    }
    expect(inferenceRequests(failing).length).toBeGreaterThan(0);
    expect(inferenceRequests(healthy)).toHaveLength(2);
  });

  it('retries a stream whose first connection answered 500 before any byte', async () => {
    const { failing, running } = await twoOllamas();
    failing.scenario = 'http-500';
    for (let index = 0; index < 2; index += 1) {
      const response = await post(running, '/v1/chat/completions', chat(OLLAMA_MODEL, { stream: true }));
      expect(parseSse(await response.text()).at(-1)).toBe('[DONE]');
    }
  });

  it('retries a request whose first connection refuses connections', async () => {
    const { failing, healthy, running } = await twoOllamas();
    // Health checks would mark a connection that is gone at start down; this one goes after.
    expect((await fetch(`${running.url}/ready`)).status).toBe(200);
    await failing.close();
    for (let index = 0; index < 2; index += 1) {
      const response = await post(running, '/v1/chat/completions', chat(OLLAMA_MODEL));
      expect(response.status).toBe(200);
    }
    expect(inferenceRequests(healthy)).toHaveLength(2);
    expect(await readMetric(running, 'switchyard_upstream_errors_total', { connection: 'failing', reason: 'refused' })).toBeGreaterThan(0);
  });

  it('answers 503 no_upstream_available when every connection refuses', async () => {
    const { failing, healthy, running } = await twoOllamas();
    await failing.close();
    await healthy.close();
    const response = await post(running, '/v1/chat/completions', chat(OLLAMA_MODEL));
    expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
    await expectOpenAIError(response, 503, 'no_upstream_available');
  });

  it('retries a passthrough request whose first connection answered 500, and passes the last 500 through unaltered', async () => {
    const first = await openAIStandIn();
    const second = await openAIStandIn();
    const running = await gateway({
      connections: [
        { name: 'first', mode: 'openai_compatible', base_url: first.baseUrl, models: [VLLM_MODEL], failure_threshold: 100 },
        { name: 'second', mode: 'openai_compatible', base_url: second.baseUrl, models: [VLLM_MODEL], failure_threshold: 100 },
      ],
    });
    first.scenario = 'http-500';
    for (let index = 0; index < 2; index += 1) expect((await post(running, '/v1/chat/completions', chat(VLLM_MODEL))).status).toBe(200);
    second.scenario = 'http-500';
    const response = await post(running, '/v1/chat/completions', chat(VLLM_MODEL));
    expect(response.status).toBe(500);
    expect(((await response.json()) as { error: { type: string } }).error.type).toBe('InternalServerError');
  });

  it('does not retry once the stream has started: the client gets an error frame instead', async () => {
    const { failing, healthy, running } = await twoOllamas();
    failing.scenario = 'reset-mid-stream';
    healthy.scenario = 'reset-mid-stream';
    const response = await post(running, '/v1/chat/completions', chat(OLLAMA_MODEL, { stream: true }));
    expect(finalErrorFrame(parseSse(await response.text()))).toMatchObject({ code: 'bad_gateway' });
    expect(inferenceRequests(failing).length + inferenceRequests(healthy).length).toBe(1);
  });

  it('does not retry an upstream 4xx: the request itself is at fault', async () => {
    const { failing, healthy, running } = await twoOllamas();
    failing.scenario = 'http-429';
    healthy.scenario = 'http-429';
    const response = await post(running, '/v1/chat/completions', chat(OLLAMA_MODEL));
    expect(response.status).toBe(429);
    expect(inferenceRequests(failing).length + inferenceRequests(healthy).length).toBe(1);
  });
});

describe('circuit breaking', () => {
  it('skips a connection for cooldown_ms after failure_threshold failures in a row', async () => {
    const { upstream, running } = await oneOllama(breakerSettings);
    upstream.scenario = 'http-500';
    for (let index = 0; index < 2; index += 1) await expectOpenAIError(await post(running, '/v1/chat/completions', chat(OLLAMA_MODEL)), 502, 'bad_gateway');
    const skipped = await post(running, '/v1/chat/completions', chat(OLLAMA_MODEL));
    expect(skipped.headers.get('retry-after')).toBe('1');
    await expectOpenAIError(skipped, 503, 'no_upstream_available');
    expect(inferenceRequests(upstream)).toHaveLength(2);
  });

  it('sends everything to the other connection while one is skipped', async () => {
    const { failing, healthy, running } = await twoOllamas({ ...breakerSettings, cooldown_ms: 60_000 });
    failing.scenario = 'http-500';
    for (let index = 0; index < 8; index += 1) expect((await post(running, '/v1/chat/completions', chat(OLLAMA_MODEL))).status).toBe(200);
    expect(inferenceRequests(failing)).toHaveLength(2);
    expect(inferenceRequests(healthy)).toHaveLength(8);
  });

  it('probes the connection after cooldown_ms and closes the breaker when the probe succeeds', async () => {
    const { upstream, running } = await oneOllama(breakerSettings);
    upstream.scenario = 'http-500';
    for (let index = 0; index < 2; index += 1) await post(running, '/v1/chat/completions', chat(OLLAMA_MODEL));
    upstream.scenario = 'normal';
    await sleep(breakerSettings.cooldown_ms + 50);
    expect((await post(running, '/v1/chat/completions', chat(OLLAMA_MODEL))).status).toBe(200);
    expect((await post(running, '/v1/chat/completions', chat(OLLAMA_MODEL))).status).toBe(200);
    expect(inferenceRequests(upstream)).toHaveLength(4);
  });

  it('opens again for another cooldown when the probe fails', async () => {
    const { upstream, running } = await oneOllama(breakerSettings);
    upstream.scenario = 'http-500';
    for (let index = 0; index < 2; index += 1) await post(running, '/v1/chat/completions', chat(OLLAMA_MODEL));
    await sleep(breakerSettings.cooldown_ms + 50);
    await expectOpenAIError(await post(running, '/v1/chat/completions', chat(OLLAMA_MODEL)), 502, 'bad_gateway');
    await expectOpenAIError(await post(running, '/v1/chat/completions', chat(OLLAMA_MODEL)), 503, 'no_upstream_available');
    expect(inferenceRequests(upstream)).toHaveLength(3);
  });

  it('does not count client errors (upstream 4xx) as failures', async () => {
    const { upstream, running } = await oneOllama(breakerSettings);
    upstream.scenario = 'http-429';
    for (let index = 0; index < 4; index += 1) expect((await post(running, '/v1/chat/completions', chat(OLLAMA_MODEL))).status).toBe(429);
    expect(inferenceRequests(upstream)).toHaveLength(4);
  });

  it('cannot be opened by a client sending deeply nested JSON', async () => {
    const { upstream, running } = await oneOllama(breakerSettings);
    const nested = `{"model":"${OLLAMA_MODEL}","messages":[{"role":"user","content":"hi"}],"options":{"x":${'['.repeat(50_000)}${']'.repeat(50_000)}}}`;
    for (let index = 0; index < 3; index += 1) await expectOpenAIError(await post(running, '/v1/chat/completions', nested), 400, 'nesting_too_deep');
    expect((await post(running, '/v1/chat/completions', chat(OLLAMA_MODEL))).status).toBe(200);
    expect(inferenceRequests(upstream)).toHaveLength(1);
  });

  it('keeps the breaker half-open when the probe slot goes to a request that never reached the upstream', async () => {
    const { upstream, running } = await oneOllama(breakerSettings);
    upstream.scenario = 'http-500';
    for (let index = 0; index < 2; index += 1) await post(running, '/v1/chat/completions', chat(OLLAMA_MODEL));
    await sleep(breakerSettings.cooldown_ms + 50);
    const invalid = { ...chat(OLLAMA_MODEL), temperature: 'hot' };
    await expectOpenAIError(await post(running, '/v1/chat/completions', invalid), 400, 'invalid_type');
    expect(inferenceRequests(upstream)).toHaveLength(2);
    // A 400 says nothing about the upstream's health: the breaker must not close on it.
    expect(running.gateway.connections[0]?.breaker.state).toBe('half_open');
  });
});
