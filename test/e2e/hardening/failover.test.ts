/**
 * Refused connections, resets and 5xx answers before the first byte are retried on the
 * next connection serving the model; a connection that fails `failure_threshold` times in
 * a row is skipped for `cooldown_ms`, then probed with one request.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../support/stand-ins/stand-in-scenario.js';
import { closeAfterEach } from '../../support/close-after.js';
import { startTestGateway } from '../../support/gateway.js';
import { expectOpenAIError } from '../../support/openai-error.js';
import { finalErrorFrame, parseSse } from '../../support/parse-sse.js';
import { postJson } from '../../support/post-json.js';
import { readMetric } from '../../support/prometheus-text.js';
import { startStandInOllama } from '../../support/stand-ins/stand-in-ollama.js';
import { startStandInOpenAI } from '../../support/stand-ins/stand-in-openai.js';
import { chat, inferenceRequests, OLLAMA_MODEL, VLLM_MODEL } from './traffic.js';

const track = closeAfterEach();

const breakerSettings = { failure_threshold: 2, cooldown_ms: 400 };

async function twoOllamas(settings: Record<string, number> = {}) {
  const failing = track(await startStandInOllama());
  const healthy = track(await startStandInOllama());
  const running = track(await startTestGateway({
    connections: [
      { name: 'failing', mode: 'ollama', base_url: failing.url, models: [OLLAMA_MODEL], failure_threshold: 100, ...settings },
      { name: 'healthy', mode: 'ollama', base_url: healthy.url, models: [OLLAMA_MODEL], failure_threshold: 100, ...settings },
    ],
  }));
  return { failing, healthy, running };
}

async function oneOllama(settings: Record<string, number>) {
  const upstream = track(await startStandInOllama());
  const running = track(await startTestGateway({ connections: [{ name: 'only', mode: 'ollama', base_url: upstream.url, models: [OLLAMA_MODEL], ...settings }] }));
  return { upstream, running };
}

describe('failover before the first byte', () => {
  it.each<Scenario>(['http-500', 'reset-before-response'])('retries a request that met %s on the next connection', async (scenario) => {
    const { failing, healthy, running } = await twoOllamas();
    failing.scenario = scenario;
    // Round-robin starts on either connection; two requests make sure one starts on the failing one.
    for (let index = 0; index < 2; index += 1) {
      const response = await postJson(`${running.url}/v1/chat/completions`, chat(OLLAMA_MODEL));
      expect(response.status).toBe(200);
    }
    expect(inferenceRequests(failing).length).toBeGreaterThan(0);
    expect(inferenceRequests(healthy)).toHaveLength(2);
  });

  it('retries a stream whose first connection answered 500 before any byte', async () => {
    const { failing, running } = await twoOllamas();
    failing.scenario = 'http-500';
    for (let index = 0; index < 2; index += 1) {
      const response = await postJson(`${running.url}/v1/chat/completions`, chat(OLLAMA_MODEL, { stream: true }));
      expect(parseSse(await response.text()).at(-1)).toBe('[DONE]');
    }
  });

  it('retries a request whose first connection refuses connections', async () => {
    const { failing, healthy, running } = await twoOllamas();
    // Health checks would mark a connection that is gone at start down; this one goes after.
    expect((await fetch(`${running.url}/ready`)).status).toBe(200);
    await failing.close();
    for (let index = 0; index < 2; index += 1) {
      const response = await postJson(`${running.url}/v1/chat/completions`, chat(OLLAMA_MODEL));
      expect(response.status).toBe(200);
    }
    expect(inferenceRequests(healthy)).toHaveLength(2);
    expect(await readMetric(running, 'switchyard_upstream_errors_total', { connection: 'failing', reason: 'refused' })).toBeGreaterThan(0);
  });

  it('answers 503 no_upstream_available when every connection refuses', async () => {
    const { failing, healthy, running } = await twoOllamas();
    await failing.close();
    await healthy.close();
    const response = await postJson(`${running.url}/v1/chat/completions`, chat(OLLAMA_MODEL));
    expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
    await expectOpenAIError(response, { status: 503, code: 'no_upstream_available' });
  });

  it('retries a passthrough request whose first connection answered 500, and passes the last 500 through unaltered', async () => {
    const first = track(await startStandInOpenAI());
    const second = track(await startStandInOpenAI());
    const running = track(await startTestGateway({
      connections: [
        { name: 'first', mode: 'openai_compatible', base_url: first.baseUrl, models: [VLLM_MODEL], failure_threshold: 100 },
        { name: 'second', mode: 'openai_compatible', base_url: second.baseUrl, models: [VLLM_MODEL], failure_threshold: 100 },
      ],
    }));
    first.scenario = 'http-500';
    for (let index = 0; index < 2; index += 1) expect((await postJson(`${running.url}/v1/chat/completions`, chat(VLLM_MODEL))).status).toBe(200);
    second.scenario = 'http-500';
    const response = await postJson(`${running.url}/v1/chat/completions`, chat(VLLM_MODEL));
    expect(response.status).toBe(500);
    expect(((await response.json()) as { error: { type: string } }).error.type).toBe('InternalServerError');
  });

  it('does not retry once the stream has started: the client gets an error frame instead', async () => {
    const { failing, healthy, running } = await twoOllamas();
    failing.scenario = 'reset-mid-stream';
    healthy.scenario = 'reset-mid-stream';
    const response = await postJson(`${running.url}/v1/chat/completions`, chat(OLLAMA_MODEL, { stream: true }));
    expect(finalErrorFrame(parseSse(await response.text()))).toMatchObject({ code: 'bad_gateway' });
    expect(inferenceRequests(failing).length + inferenceRequests(healthy).length).toBe(1);
  });

  it('does not retry an upstream 4xx: the request itself is at fault', async () => {
    const { failing, healthy, running } = await twoOllamas();
    // Ollama's 400 for a model that cannot think: any other box would say the same.
    const response = await postJson(`${running.url}/v1/chat/completions`, { ...chat(OLLAMA_MODEL), think: true });
    expect(response.status).toBe(400);
    expect(inferenceRequests(failing).length + inferenceRequests(healthy).length).toBe(1);
  });

  it('retries an upstream that is busy (429) on the next connection', async () => {
    const { failing, healthy, running } = await twoOllamas();
    failing.scenario = 'http-429';
    healthy.scenario = 'http-429';
    const response = await postJson(`${running.url}/v1/chat/completions`, chat(OLLAMA_MODEL));
    expect(response.status).toBe(429);
    expect(inferenceRequests(failing).length + inferenceRequests(healthy).length).toBe(2);
  });
});

describe('circuit breaking', () => {
  it('skips a connection for cooldown_ms after failure_threshold failures in a row', async () => {
    const { upstream, running } = await oneOllama(breakerSettings);
    upstream.scenario = 'http-500';
    for (let index = 0; index < 2; index += 1) await expectOpenAIError(await postJson(`${running.url}/v1/chat/completions`, chat(OLLAMA_MODEL)), { status: 502, code: 'bad_gateway' });
    const skipped = await postJson(`${running.url}/v1/chat/completions`, chat(OLLAMA_MODEL));
    expect(skipped.headers.get('retry-after')).toBe('1');
    await expectOpenAIError(skipped, { status: 503, code: 'no_upstream_available' });
    expect(inferenceRequests(upstream)).toHaveLength(2);
  });

  it('sends everything to the other connection while one is skipped', async () => {
    const { failing, healthy, running } = await twoOllamas({ ...breakerSettings, cooldown_ms: 60_000 });
    failing.scenario = 'http-500';
    for (let index = 0; index < 8; index += 1) expect((await postJson(`${running.url}/v1/chat/completions`, chat(OLLAMA_MODEL))).status).toBe(200);
    expect(inferenceRequests(failing)).toHaveLength(2);
    expect(inferenceRequests(healthy)).toHaveLength(8);
  });

  it('probes the connection after cooldown_ms and closes the breaker when the probe succeeds', async () => {
    const { upstream, running } = await oneOllama(breakerSettings);
    upstream.scenario = 'http-500';
    for (let index = 0; index < 2; index += 1) await postJson(`${running.url}/v1/chat/completions`, chat(OLLAMA_MODEL));
    upstream.scenario = 'normal';
    await sleep(breakerSettings.cooldown_ms + 50);
    expect((await postJson(`${running.url}/v1/chat/completions`, chat(OLLAMA_MODEL))).status).toBe(200);
    expect((await postJson(`${running.url}/v1/chat/completions`, chat(OLLAMA_MODEL))).status).toBe(200);
    expect(inferenceRequests(upstream)).toHaveLength(4);
  });

  it('opens again for another cooldown when the probe fails', async () => {
    const { upstream, running } = await oneOllama(breakerSettings);
    upstream.scenario = 'http-500';
    for (let index = 0; index < 2; index += 1) await postJson(`${running.url}/v1/chat/completions`, chat(OLLAMA_MODEL));
    await sleep(breakerSettings.cooldown_ms + 50);
    await expectOpenAIError(await postJson(`${running.url}/v1/chat/completions`, chat(OLLAMA_MODEL)), { status: 502, code: 'bad_gateway' });
    await expectOpenAIError(await postJson(`${running.url}/v1/chat/completions`, chat(OLLAMA_MODEL)), { status: 503, code: 'no_upstream_available' });
    expect(inferenceRequests(upstream)).toHaveLength(3);
  });

  it('does not count client errors (upstream 4xx) as failures', async () => {
    const { upstream, running } = await oneOllama(breakerSettings);
    upstream.scenario = 'http-429';
    for (let index = 0; index < 4; index += 1) expect((await postJson(`${running.url}/v1/chat/completions`, chat(OLLAMA_MODEL))).status).toBe(429);
    expect(inferenceRequests(upstream)).toHaveLength(4);
  });

  it('cannot be opened by a client sending deeply nested JSON', async () => {
    const { upstream, running } = await oneOllama(breakerSettings);
    const nested = `{"model":"${OLLAMA_MODEL}","messages":[{"role":"user","content":"hi"}],"options":{"x":${'['.repeat(50_000)}${']'.repeat(50_000)}}}`;
    for (let index = 0; index < 3; index += 1) await expectOpenAIError(await postJson(`${running.url}/v1/chat/completions`, nested), { status: 400, code: 'nesting_too_deep' });
    expect((await postJson(`${running.url}/v1/chat/completions`, chat(OLLAMA_MODEL))).status).toBe(200);
    expect(inferenceRequests(upstream)).toHaveLength(1);
  });

  it('keeps the breaker half-open when the probe slot goes to a request that never reached the upstream', async () => {
    const { upstream, running } = await oneOllama(breakerSettings);
    upstream.scenario = 'http-500';
    for (let index = 0; index < 2; index += 1) await postJson(`${running.url}/v1/chat/completions`, chat(OLLAMA_MODEL));
    await sleep(breakerSettings.cooldown_ms + 50);
    const invalid = { ...chat(OLLAMA_MODEL), temperature: 'hot' };
    await expectOpenAIError(await postJson(`${running.url}/v1/chat/completions`, invalid), { status: 400, code: 'invalid_type' });
    expect(inferenceRequests(upstream)).toHaveLength(2);
    // A 400 says nothing about the upstream's health: the breaker must not close on it.
    expect(running.gateway.connections[0]?.breakerFor(OLLAMA_MODEL).state).toBe('half_open');
  });
});
