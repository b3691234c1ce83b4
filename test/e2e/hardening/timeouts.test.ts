/**
 * `timeout_ms` bounds the whole request, the wait for the first byte included;
 * `idle_timeout_ms` bounds a stall once the answer has started. Before the first byte the
 * client gets 504 `upstream_timeout`; after it, a final error frame that ends the stream.
 */
import { describe, expect, it } from 'vitest';
import { closeAfterEach } from '../../support/close-after.js';
import { eventually } from '../../support/eventually.js';
import { startTestGateway } from '../../support/gateway.js';
import { allUpstreamRequestsEnded } from '../../support/leftovers.js';
import { expectOpenAIError } from '../../support/openai-error.js';
import { finalErrorFrame, parseSse } from '../../support/parse-sse.js';
import { postJson } from '../../support/post-json.js';
import { startStandInOllama } from '../../support/stand-ins/stand-in-ollama.js';
import { startStandInOpenAI } from '../../support/stand-ins/stand-in-openai.js';
import { chat, OLLAMA_MODEL, VLLM_MODEL } from './traffic.js';

const track = closeAfterEach();

async function gateways(limits: { timeout_ms: number; idle_timeout_ms: number }) {
  const ollama = track(await startStandInOllama({ firstByteDelayMs: 5000 }));
  const vllm = track(await startStandInOpenAI({ firstByteDelayMs: 5000 }));
  const running = track(await startTestGateway({
    connections: [
      { name: 'ollama', mode: 'ollama', base_url: ollama.url, ollama_api: 'chat', ...limits },
      { name: 'vllm', mode: 'openai_compatible', base_url: vllm.baseUrl, ...limits },
    ],
  }));
  return { ollama, vllm, running };
}

describe.each([
  { mode: 'translated (Ollama)', model: OLLAMA_MODEL, upstream: 'ollama' as const },
  { mode: 'passthrough (vLLM)', model: VLLM_MODEL, upstream: 'vllm' as const },
])('timeouts, $mode', ({ model, upstream }) => {
  it('answers 504 upstream_timeout when no byte came within timeout_ms', async () => {
    const setup = await gateways({ timeout_ms: 300, idle_timeout_ms: 10_000 });
    const response = await postJson(`${setup.running.url}/v1/chat/completions`, chat(model, { scenario: 'slow-first-byte' }));
    const error = await expectOpenAIError(response, { status: 504, code: 'upstream_timeout' });
    expect(error.type).toBe('upstream_error');
    expect(error.message).toContain('timeout_ms');
    await eventually('the upstream request to be closed', () => allUpstreamRequestsEnded(setup[upstream]));
  });

  it('answers 504 for a stream whose first byte did not come within timeout_ms', async () => {
    const setup = await gateways({ timeout_ms: 300, idle_timeout_ms: 10_000 });
    const response = await postJson(`${setup.running.url}/v1/chat/completions`, chat(model, { stream: true, scenario: 'slow-first-byte' }));
    await expectOpenAIError(response, { status: 504, code: 'upstream_timeout' });
  });

  it('ends a stream that stalls longer than idle_timeout_ms with an upstream_timeout error frame', async () => {
    const setup = await gateways({ timeout_ms: 10_000, idle_timeout_ms: 500 });
    const response = await postJson(`${setup.running.url}/v1/chat/completions`, chat(model, { stream: true, scenario: 'stall-mid-stream' }));
    expect(response.status).toBe(200);
    const frames = parseSse(await response.text());
    expect(frames.length).toBeGreaterThan(1);
    expect(frames).not.toContain('[DONE]');
    expect(finalErrorFrame(frames)).toMatchObject({ type: 'upstream_error', code: 'upstream_timeout' });
    await eventually('the stalled upstream request to be closed', () => allUpstreamRequestsEnded(setup[upstream]));
  });

  it('ends a stream that outlives timeout_ms while still sending with an upstream_timeout error frame', async () => {
    const setup = await gateways({ timeout_ms: 600, idle_timeout_ms: 10_000 });
    const response = await postJson(`${setup.running.url}/v1/chat/completions`, chat(model, { stream: true, scenario: 'never-ending' }));
    expect(response.status).toBe(200);
    const frames = parseSse(await response.text());
    expect(finalErrorFrame(frames)).toMatchObject({ code: 'upstream_timeout' });
    await eventually('the endless upstream request to be closed', () => allUpstreamRequestsEnded(setup[upstream]));
  });
});

describe('timeouts, translated (Ollama) without streaming', () => {
  it('answers 504 when the body stalls longer than idle_timeout_ms before the client saw a byte', async () => {
    const setup = await gateways({ timeout_ms: 10_000, idle_timeout_ms: 500 });
    const response = await postJson(`${setup.running.url}/v1/chat/completions`, chat(OLLAMA_MODEL, { scenario: 'stall-mid-stream' }));
    const error = await expectOpenAIError(response, { status: 504, code: 'upstream_timeout' });
    expect(error.message).toContain('idle_timeout_ms');
  });

  it('does not try the next connection after a timeout (the client would wait twice as long)', async () => {
    const first = track(await startStandInOllama({ firstByteDelayMs: 5000 }));
    const second = track(await startStandInOllama());
    const running = track(await startTestGateway({
      connections: [
        { name: 'first', mode: 'ollama', base_url: first.url, timeout_ms: 300, models: [OLLAMA_MODEL] },
        { name: 'second', mode: 'ollama', base_url: second.url, timeout_ms: 300, models: [OLLAMA_MODEL] },
      ],
    }));
    first.scenario = 'slow-first-byte';
    second.scenario = 'slow-first-byte';
    const response = await postJson(`${running.url}/v1/chat/completions`, chat(OLLAMA_MODEL));
    await expectOpenAIError(response, { status: 504, code: 'upstream_timeout' });
    expect(first.requests.filter((request) => request.method === 'POST').length + second.requests.filter((request) => request.method === 'POST').length).toBe(1);
  });
});
