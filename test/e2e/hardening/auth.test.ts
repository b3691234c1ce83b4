/**
 * Client keys over HTTP: read from the environment, each with optional allowed models; and
 * a connection's own `api_key` never reaches a client or a log line. The comparison itself
 * is tested in test/src/edge/authenticate.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../config/load-config.js';
import { closeAfterEach } from '../../support/close-after.js';
import { startTestGateway } from '../../support/gateway.js';
import { expectOpenAIError } from '../../support/openai-error.js';
import { postJson } from '../../support/post-json.js';
import { startStandInOllama } from '../../support/stand-ins/stand-in-ollama.js';
import { startStandInOpenAI } from '../../support/stand-ins/stand-in-openai.js';
import { chat, inferenceRequests, OLLAMA_MODEL, VLLM_MODEL } from './traffic.js';

const track = closeAfterEach();

describe('keys over HTTP', () => {
  async function keyedGateway(apiKeys: Array<string | { key: string; models?: string[] }>) {
    const upstream = track(await startStandInOllama());
    return track(await startTestGateway({ server: { api_keys: apiKeys }, connections: [{ name: 'local', mode: 'ollama', base_url: upstream.url }] }));
  }

  it('answers 401 invalid_api_key, OpenAI-shaped, without a key', async () => {
    const running = await keyedGateway(['secret-key']);
    await expectOpenAIError(await postJson(`${running.url}/v1/chat/completions`, chat(OLLAMA_MODEL)), { status: 401, code: 'invalid_api_key' });
    await expectOpenAIError(await fetch(`${running.url}/v1/models`), { status: 401, code: 'invalid_api_key' });
  });

  it('answers /health, /ready and /metrics without a key', async () => {
    const running = await keyedGateway(['secret-key']);
    for (const path of ['/health', '/ready', '/metrics']) expect((await fetch(running.url + path)).status).toBe(200);
  });

  it('reads keys from the environment through ${VAR}', async () => {
    const upstream = track(await startStandInOllama());
    const yaml = `server:\n  api_keys:\n    - "\${SWITCHYARD_TEST_KEY}"\n    - key: "\${SWITCHYARD_TEST_SCOPED_KEY}"\n      models: ["${OLLAMA_MODEL}"]\nconnections:\n  - name: local\n    mode: ollama\n    base_url: ${upstream.url}\n`;
    const config = parseConfig(yaml, 'hardening.yaml', { SWITCHYARD_TEST_KEY: 'key-from-env', SWITCHYARD_TEST_SCOPED_KEY: 'scoped-from-env' });
    const running = track(await startTestGateway(config));
    expect((await postJson(`${running.url}/v1/chat/completions`, chat(OLLAMA_MODEL), { headers: { authorization: 'Bearer key-from-env' } })).status).toBe(200);
    expect((await postJson(`${running.url}/v1/chat/completions`, chat(OLLAMA_MODEL), { headers: { authorization: 'Bearer scoped-from-env' } })).status).toBe(200);
    await expectOpenAIError(await postJson(`${running.url}/v1/chat/completions`, chat(OLLAMA_MODEL), { headers: { authorization: 'Bearer ${SWITCHYARD_TEST_KEY}' } }), { status: 401, code: 'invalid_api_key' });
  });

  it('refuses a configuration whose key variable is not set, naming the variable', () => {
    expect(() => parseConfig('server:\n  api_keys: ["${SWITCHYARD_UNSET_KEY}"]\n', 'hardening.yaml', {})).toThrow(/api_keys\[0\].*SWITCHYARD_UNSET_KEY/s);
  });

  it('answers 404 model_not_found for a model outside the key’s allowed models, and never asks the upstream', async () => {
    const upstream = track(await startStandInOllama());
    const running = track(await startTestGateway({
      server: { api_keys: [{ key: 'scoped-key', models: [OLLAMA_MODEL] }] },
      connections: [{ name: 'local', mode: 'ollama', base_url: upstream.url }],
    }));
    const headers = { authorization: 'Bearer scoped-key' };
    const error = await expectOpenAIError(await postJson(`${running.url}/v1/chat/completions`, chat('qwen2.5:0.5b'), { headers }), { status: 404, code: 'model_not_found' });
    expect(error.param).toBe('model');
    expect(inferenceRequests(upstream)).toHaveLength(0);
    expect((await postJson(`${running.url}/v1/chat/completions`, chat(OLLAMA_MODEL), { headers })).status).toBe(200);
  });

  it('lists and retrieves only the key’s allowed models', async () => {
    const running = await keyedGateway([{ key: 'scoped-key', models: [OLLAMA_MODEL] }, 'open-key']);
    const scoped = { authorization: 'Bearer scoped-key' };
    const list = (await (await fetch(`${running.url}/v1/models`, { headers: scoped })).json()) as { data: Array<{ id: string }> };
    expect(list.data.map((model) => model.id)).toEqual([OLLAMA_MODEL]);
    await expectOpenAIError(await fetch(`${running.url}/v1/models/qwen2.5:0.5b`, { headers: scoped }), { status: 404, code: 'model_not_found' });
    const open = (await (await fetch(`${running.url}/v1/models`, { headers: { authorization: 'Bearer open-key' } })).json()) as { data: unknown[] };
    expect(open.data.length).toBeGreaterThan(1);
  });

  it('applies allowed models to embeddings and legacy completions too', async () => {
    const running = await keyedGateway([{ key: 'scoped-key', models: [OLLAMA_MODEL] }]);
    const headers = { authorization: 'Bearer scoped-key' };
    await expectOpenAIError(await postJson(`${running.url}/v1/embeddings`, { model: 'nomic-embed-text:latest', input: 'hi' }, { headers }), { status: 404, code: 'model_not_found' });
    await expectOpenAIError(await postJson(`${running.url}/v1/completions`, { model: 'qwen2.5:0.5b', prompt: 'hi' }, { headers }), { status: 404, code: 'model_not_found' });
  });
});

describe("a connection's api_key", () => {
  const upstreamKey = 'sk-upstream-9f8e7d6c5b4a-do-not-leak';
  const clientKey = 'client-key-0123456789-do-not-forward';

  async function exercise() {
    const vllm = track(await startStandInOpenAI({ apiKey: upstreamKey }));
    const ollama = track(await startStandInOllama());
    const running = track(await startTestGateway({
      server: { api_keys: [clientKey], log_level: 'debug' },
      connections: [
        { name: 'vllm', mode: 'openai_compatible', base_url: vllm.baseUrl, api_key: upstreamKey, idle_timeout_ms: 300 },
        { name: 'wrongkey', mode: 'openai_compatible', base_url: vllm.baseUrl, api_key: 'sk-wrong-key-also-secret', prefix: 'wrong', models: [VLLM_MODEL] },
        { name: 'ollama', mode: 'ollama', base_url: ollama.url, api_key: upstreamKey, idle_timeout_ms: 300, failure_threshold: 100 },
      ],
    }));
    const headers = { authorization: `Bearer ${clientKey}` };
    const seen: string[] = [];
    const record = async (response: Response) => seen.push(JSON.stringify([...response.headers]), await response.text().catch(() => ''));
    for (const model of [VLLM_MODEL, OLLAMA_MODEL]) {
      for (const stream of [false, true]) {
        for (const scenario of ['normal', 'http-500', 'reset-mid-stream', 'stall-mid-stream', 'garbage'] as const) {
          await record(await postJson(`${running.url}/v1/chat/completions`, chat(model, { stream, scenario }), { headers }));
        }
      }
    }
    await record(await postJson(`${running.url}/v1/chat/completions`, chat(`wrong/${VLLM_MODEL}`), { headers }));
    await record(await postJson(`${running.url}/v1/embeddings`, { model: VLLM_MODEL, input: 'hi' }, { headers }));
    await record(await postJson(`${running.url}/v1/chat/completions`, '{"model": broken', { headers }));
    for (const path of ['/v1/models', `/v1/models/${VLLM_MODEL}`, '/ready', '/metrics', '/health']) await record(await fetch(running.url + path, { headers }));
    await vllm.close();
    await ollama.close();
    await record(await postJson(`${running.url}/v1/chat/completions`, chat(VLLM_MODEL), { headers }));
    await record(await postJson(`${running.url}/v1/chat/completions`, chat(OLLAMA_MODEL), { headers }));
    await running.gateway.health.checkAll();
    await record(await fetch(`${running.url}/ready`));
    return { running, vllm, ollama, seen };
  }

  it('is sent upstream as the bearer token instead of the client’s key', async () => {
    const { vllm } = await exercise();
    const calls = inferenceRequests(vllm).filter((request) => request.path === '/v1/chat/completions');
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.every((request) => request.headers.authorization === `Bearer ${upstreamKey}` || request.headers.authorization === 'Bearer sk-wrong-key-also-secret')).toBe(true);
  });

  it('never appears in a response or a log line', async () => {
    const { running, seen } = await exercise();
    const logs = JSON.stringify(running.logs);
    expect(running.logs.length).toBeGreaterThan(10);
    for (const secret of [upstreamKey, 'sk-wrong-key-also-secret', clientKey]) {
      expect(seen.filter((text) => text.includes(secret))).toEqual([]);
      expect(logs.includes(secret)).toBe(false);
    }
  });

  it('is not replaced by the client’s key when the connection has none', async () => {
    const vllm = track(await startStandInOpenAI());
    const running = track(await startTestGateway({ server: { api_keys: [clientKey] }, connections: [{ name: 'vllm', mode: 'openai_compatible', base_url: vllm.baseUrl }] }));
    expect((await postJson(`${running.url}/v1/chat/completions`, chat(VLLM_MODEL), { headers: { authorization: `Bearer ${clientKey}` } })).status).toBe(200);
    const [call] = inferenceRequests(vllm);
    expect(call?.headers.authorization).toBeUndefined();
  });
});
