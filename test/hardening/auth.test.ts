/**
 * Client keys: compared in constant time, read from the environment, each with optional
 * allowed models; and a connection's own `api_key` never reaches a client or a log line.
 */
import type { Request, Response as ExpressResponse } from 'express';
import { describe, expect, it, vi } from 'vitest';
import { parseConfig } from '../../config/load-config.js';
import { serverSchema } from '../../config/schema.js';
import { authenticate } from '../../src/edge/authenticate.js';
import { chat, expectOpenAIError, gateway, inferenceRequests, ollamaStandIn, OLLAMA_MODEL, openAIStandIn, post, VLLM_MODEL } from './harness.js';

const compared = vi.hoisted(() => ({ count: 0 }));

vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:crypto')>();
  return {
    ...actual,
    timingSafeEqual: (left: NodeJS.ArrayBufferView, right: NodeJS.ArrayBufferView) => {
      compared.count += 1;
      return actual.timingSafeEqual(left, right);
    },
  };
});

/** Runs the middleware on a bare request with this Authorization header; returns what it passed on. */
function authorize(keys: Array<string | { key: string; models?: string[] }>, header: string | undefined): unknown {
  const middleware = authenticate(serverSchema.parse({ api_keys: keys }));
  let passed: unknown = 'not called';
  const req = { headers: header === undefined ? {} : { authorization: header }, socket: { remoteAddress: '127.0.0.1' } } as unknown as Request;
  middleware(req, { locals: {} } as unknown as ExpressResponse, (error?: unknown) => {
    passed = error;
  });
  return passed;
}

describe('key comparison', () => {
  it('compares the token with every configured key, whichever matches', () => {
    const keys = ['first-key', 'second-key', 'third-key'];
    for (const token of ['first-key', 'third-key', 'nobody']) {
      compared.count = 0;
      authorize(keys, `Bearer ${token}`);
      expect(compared.count).toBe(keys.length);
    }
  });

  it.each([
    ['no header', undefined],
    ['an empty bearer token', 'Bearer '],
    ['a prefix of a key', 'Bearer secret-ke'],
    ['a key with a suffix', 'Bearer secret-key2'],
    ['a key in another case', 'Bearer SECRET-KEY'],
    ['the key without the Bearer scheme', 'secret-key'],
    ['the key as Basic credentials', 'Basic secret-key'],
  ])('refuses %s with 401 invalid_api_key', (_name, header) => {
    expect(authorize(['secret-key'], header)).toMatchObject({ status: 401, code: 'invalid_api_key' });
  });

  it('accepts the key with any case of the Bearer scheme and surrounding spaces', () => {
    expect(authorize(['secret-key'], '  bearer   secret-key  ')).toBeUndefined();
  });
});

describe('keys over HTTP', () => {
  async function keyedGateway(apiKeys: Array<string | { key: string; models?: string[] }>) {
    const upstream = await ollamaStandIn();
    return gateway({ server: { api_keys: apiKeys }, connections: [{ name: 'local', mode: 'ollama', base_url: upstream.url }] });
  }

  it('answers 401 invalid_api_key, OpenAI-shaped, without a key', async () => {
    const running = await keyedGateway(['secret-key']);
    await expectOpenAIError(await post(running, '/v1/chat/completions', chat(OLLAMA_MODEL)), 401, 'invalid_api_key');
    await expectOpenAIError(await fetch(`${running.url}/v1/models`), 401, 'invalid_api_key');
  });

  it('answers /health, /ready and /metrics without a key', async () => {
    const running = await keyedGateway(['secret-key']);
    for (const path of ['/health', '/ready', '/metrics']) expect((await fetch(running.url + path)).status).toBe(200);
  });

  it('reads keys from the environment through ${VAR}', async () => {
    const upstream = await ollamaStandIn();
    const yaml = `server:\n  api_keys:\n    - "\${SWITCHYARD_TEST_KEY}"\n    - key: "\${SWITCHYARD_TEST_SCOPED_KEY}"\n      models: ["${OLLAMA_MODEL}"]\nconnections:\n  - name: local\n    mode: ollama\n    base_url: ${upstream.url}\n`;
    const config = parseConfig(yaml, 'hardening.yaml', { SWITCHYARD_TEST_KEY: 'key-from-env', SWITCHYARD_TEST_SCOPED_KEY: 'scoped-from-env' });
    const running = await gateway(config);
    expect((await post(running, '/v1/chat/completions', chat(OLLAMA_MODEL), { headers: { authorization: 'Bearer key-from-env' } })).status).toBe(200);
    expect((await post(running, '/v1/chat/completions', chat(OLLAMA_MODEL), { headers: { authorization: 'Bearer scoped-from-env' } })).status).toBe(200);
    await expectOpenAIError(await post(running, '/v1/chat/completions', chat(OLLAMA_MODEL), { headers: { authorization: 'Bearer ${SWITCHYARD_TEST_KEY}' } }), 401, 'invalid_api_key');
  });

  it('refuses a configuration whose key variable is not set, naming the variable', () => {
    expect(() => parseConfig('server:\n  api_keys: ["${SWITCHYARD_UNSET_KEY}"]\n', 'hardening.yaml', {})).toThrow(/api_keys\[0\].*SWITCHYARD_UNSET_KEY/s);
  });

  it('answers 404 model_not_found for a model outside the key’s allowed models, and never asks the upstream', async () => {
    const upstream = await ollamaStandIn();
    const running = await gateway({
      server: { api_keys: [{ key: 'scoped-key', models: [OLLAMA_MODEL] }] },
      connections: [{ name: 'local', mode: 'ollama', base_url: upstream.url }],
    });
    const headers = { authorization: 'Bearer scoped-key' };
    const error = await expectOpenAIError(await post(running, '/v1/chat/completions', chat('qwen2.5:0.5b'), { headers }), 404, 'model_not_found');
    expect(error.param).toBe('model');
    expect(inferenceRequests(upstream)).toHaveLength(0);
    expect((await post(running, '/v1/chat/completions', chat(OLLAMA_MODEL), { headers })).status).toBe(200);
  });

  it('lists and retrieves only the key’s allowed models', async () => {
    const running = await keyedGateway([{ key: 'scoped-key', models: [OLLAMA_MODEL] }, 'open-key']);
    const scoped = { authorization: 'Bearer scoped-key' };
    const list = (await (await fetch(`${running.url}/v1/models`, { headers: scoped })).json()) as { data: Array<{ id: string }> };
    expect(list.data.map((model) => model.id)).toEqual([OLLAMA_MODEL]);
    await expectOpenAIError(await fetch(`${running.url}/v1/models/qwen2.5:0.5b`, { headers: scoped }), 404, 'model_not_found');
    const open = (await (await fetch(`${running.url}/v1/models`, { headers: { authorization: 'Bearer open-key' } })).json()) as { data: unknown[] };
    expect(open.data.length).toBeGreaterThan(1);
  });

  it('applies allowed models to embeddings and legacy completions too', async () => {
    const running = await keyedGateway([{ key: 'scoped-key', models: [OLLAMA_MODEL] }]);
    const headers = { authorization: 'Bearer scoped-key' };
    await expectOpenAIError(await post(running, '/v1/embeddings', { model: 'nomic-embed-text:latest', input: 'hi' }, { headers }), 404, 'model_not_found');
    await expectOpenAIError(await post(running, '/v1/completions', { model: 'qwen2.5:0.5b', prompt: 'hi' }, { headers }), 404, 'model_not_found');
  });
});

describe("a connection's api_key", () => {
  const upstreamKey = 'sk-upstream-9f8e7d6c5b4a-do-not-leak';
  const clientKey = 'client-key-0123456789-do-not-forward';

  async function exercise() {
    const vllm = await openAIStandIn({ apiKey: upstreamKey });
    const ollama = await ollamaStandIn();
    const running = await gateway({
      server: { api_keys: [clientKey], log_level: 'debug' },
      connections: [
        { name: 'vllm', mode: 'openai_compatible', base_url: vllm.baseUrl, api_key: upstreamKey, idle_timeout_ms: 300 },
        { name: 'wrongkey', mode: 'openai_compatible', base_url: vllm.baseUrl, api_key: 'sk-wrong-key-also-secret', prefix: 'wrong', models: [VLLM_MODEL] },
        { name: 'ollama', mode: 'ollama', base_url: ollama.url, api_key: upstreamKey, idle_timeout_ms: 300, failure_threshold: 100 },
      ],
    });
    const headers = { authorization: `Bearer ${clientKey}` };
    const seen: string[] = [];
    const record = async (response: Response) => seen.push(JSON.stringify([...response.headers]), await response.text().catch(() => ''));
    for (const model of [VLLM_MODEL, OLLAMA_MODEL]) {
      for (const stream of [false, true]) {
        for (const scenario of ['normal', 'http-500', 'reset-mid-stream', 'stall-mid-stream', 'garbage'] as const) {
          await record(await post(running, '/v1/chat/completions', chat(model, { stream, scenario }), { headers }));
        }
      }
    }
    await record(await post(running, '/v1/chat/completions', chat(`wrong/${VLLM_MODEL}`), { headers }));
    await record(await post(running, '/v1/embeddings', { model: VLLM_MODEL, input: 'hi' }, { headers }));
    await record(await post(running, '/v1/chat/completions', '{"model": broken', { headers }));
    for (const path of ['/v1/models', `/v1/models/${VLLM_MODEL}`, '/ready', '/metrics', '/health']) await record(await fetch(running.url + path, { headers }));
    await vllm.close();
    await ollama.close();
    await record(await post(running, '/v1/chat/completions', chat(VLLM_MODEL), { headers }));
    await record(await post(running, '/v1/chat/completions', chat(OLLAMA_MODEL), { headers }));
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
    const vllm = await openAIStandIn();
    const running = await gateway({ server: { api_keys: [clientKey] }, connections: [{ name: 'vllm', mode: 'openai_compatible', base_url: vllm.baseUrl }] });
    expect((await post(running, '/v1/chat/completions', chat(VLLM_MODEL), { headers: { authorization: `Bearer ${clientKey}` } })).status).toBe(200);
    const [call] = inferenceRequests(vllm);
    expect(call?.headers.authorization).toBeUndefined();
  });
});
