/**
 * Routing by the `model` field: aliases (with their defaults), prefixes, discovered and
 * listed ids, requests spread across the connections serving one id, 404 and 503.
 */
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { startStandInOllama } from '../../support/stand-ins/stand-in-ollama.js';
import { closeAfterEach } from '../../support/close-after.js';
import { startTestGateway, type ConfigInput, type TestGateway } from '../../support/gateway.js';
import { startFakeUpstream, type FakeUpstream } from '../../support/fake-upstream.js';
import { expectOpenAIError } from '../../support/openai-error.js';
import { unusedPort } from '../../support/unused-port.js';

const track = closeAfterEach();

async function gatewayFor(config: ConfigInput): Promise<TestGateway> {
  return track(await startTestGateway(config));
}

async function fakeUpstream(models: string[], name = 'fake'): Promise<FakeUpstream> {
  const upstream = await startFakeUpstream({ models, name });
  track(upstream);
  return upstream;
}

function chat(gateway: TestGateway, body: Record<string, unknown>) {
  return request(gateway.url).post('/v1/chat/completions').send({ messages: [{ role: 'user', content: 'hi' }], ...body });
}

function sentBody(upstream: FakeUpstream): Record<string, unknown> {
  const [only] = upstream.inferenceRequests();
  expect(only).toBeDefined();
  return JSON.parse(only!.body.toString('utf8')) as Record<string, unknown>;
}

describe('aliases', () => {
  async function aliasGateway(upstream: FakeUpstream): Promise<TestGateway> {
    return gatewayFor({
      connections: [{ name: 'vllm', mode: 'openai_compatible', base_url: upstream.baseUrl }],
      models: [{ name: 'chat', connection: 'vllm', model: 'Qwen/Qwen2.5-0.5B-Instruct', defaults: { max_tokens: 1024, temperature: 0.2, metadata: { team: 'a' } } }],
    });
  }

  it('sends an alias to its connection under the upstream model id', async () => {
    const upstream = await fakeUpstream(['Qwen/Qwen2.5-0.5B-Instruct']);
    const gateway = await aliasGateway(upstream);
    await chat(gateway, { model: 'chat' }).expect(200);
    expect(sentBody(upstream).model).toBe('Qwen/Qwen2.5-0.5B-Instruct');
  });

  it('fills in the alias defaults the request lacks', async () => {
    const upstream = await fakeUpstream(['Qwen/Qwen2.5-0.5B-Instruct']);
    const gateway = await aliasGateway(upstream);
    await chat(gateway, { model: 'chat' }).expect(200);
    expect(sentBody(upstream)).toMatchObject({ max_tokens: 1024, temperature: 0.2, metadata: { team: 'a' } });
  });

  it('keeps the fields the request sent, falsy ones included', async () => {
    const upstream = await fakeUpstream(['Qwen/Qwen2.5-0.5B-Instruct']);
    const gateway = await aliasGateway(upstream);
    await chat(gateway, { model: 'chat', max_tokens: 16, temperature: 0 }).expect(200);
    expect(sentBody(upstream)).toMatchObject({ max_tokens: 16, temperature: 0 });
  });

  it('answers with the alias as the model name when the upstream does (translated)', async () => {
    const ollama = await startStandInOllama({ chunkDelayMs: 0 });
    track(ollama);
    const gateway = await gatewayFor({
      connections: [{ name: 'ollama', mode: 'ollama', base_url: ollama.url, ollama_api: 'chat' }],
      models: [{ name: 'assistant', connection: 'ollama', model: 'llama3.2:1b' }],
    });
    const response = await chat(gateway, { model: 'assistant' }).expect(200);
    expect(response.body.model).toBe('assistant');
  });

  it('merges Ollama defaults (options, keep_alive) into the Ollama request', async () => {
    const ollama = await startStandInOllama({ chunkDelayMs: 0 });
    track(ollama);
    const gateway = await gatewayFor({
      connections: [{ name: 'ollama', mode: 'ollama', base_url: ollama.url, ollama_api: 'chat' }],
      models: [{ name: 'assistant', connection: 'ollama', model: 'llama3.2:1b', defaults: { max_tokens: 64, options: { num_ctx: 8192 }, keep_alive: '30m' } }],
    });
    await chat(gateway, { model: 'assistant' }).expect(200);
    const sent = ollama.requests.find((item) => item.path === '/api/chat');
    expect(sent?.body).toMatchObject({ model: 'llama3.2:1b', keep_alive: '30m', options: { num_ctx: 8192, num_predict: 64 } });
  });
});

describe('discovered, listed and prefixed ids', () => {
  it('routes a discovered id to the connection that listed it', async () => {
    const upstream = await fakeUpstream(['discovered-model']);
    const gateway = await gatewayFor({ connections: [{ name: 'vllm', mode: 'openai_compatible', base_url: upstream.baseUrl }] });
    await chat(gateway, { model: 'discovered-model' }).expect(200);
    expect(sentBody(upstream).model).toBe('discovered-model');
  });

  it("routes an id from a connection's fixed list without it being discovered", async () => {
    const upstream = await fakeUpstream([]);
    const gateway = await gatewayFor({ connections: [{ name: 'vllm', mode: 'openai_compatible', base_url: upstream.baseUrl, models: ['listed-model'] }] });
    await chat(gateway, { model: 'listed-model' }).expect(200);
    expect(sentBody(upstream).model).toBe('listed-model');
  });

  it('routes a prefixed id to its connection with the prefix removed', async () => {
    const upstream = await fakeUpstream(['Qwen/Qwen2.5-0.5B']);
    const gateway = await gatewayFor({ connections: [{ name: 'vllm', mode: 'openai_compatible', base_url: upstream.baseUrl, prefix: 'gpu' }] });
    await chat(gateway, { model: 'gpu/Qwen/Qwen2.5-0.5B' }).expect(200);
    expect(sentBody(upstream).model).toBe('Qwen/Qwen2.5-0.5B');
  });

  it('does not route the bare id of a prefixed connection', async () => {
    const upstream = await fakeUpstream(['Qwen/Qwen2.5-0.5B']);
    const gateway = await gatewayFor({ connections: [{ name: 'vllm', mode: 'openai_compatible', base_url: upstream.baseUrl, prefix: 'gpu' }] });
    const response = await chat(gateway, { model: 'Qwen/Qwen2.5-0.5B' }).expect(404);
    await expectOpenAIError(response.body, { type: 'invalid_request_error', code: 'model_not_found', param: 'model' });
    expect(upstream.inferenceRequests()).toHaveLength(0);
  });

  it('routes one id to the right one of two connections', async () => {
    const first = await fakeUpstream(['model-a'], 'first');
    const second = await fakeUpstream(['model-b'], 'second');
    const gateway = await gatewayFor({
      connections: [
        { name: 'first', mode: 'openai_compatible', base_url: first.baseUrl },
        { name: 'second', mode: 'openai_compatible', base_url: second.baseUrl },
      ],
    });
    const response = await chat(gateway, { model: 'model-b' }).expect(200);
    expect(response.body.choices[0].message.content).toBe('served by second');
    expect(first.inferenceRequests()).toHaveLength(0);
  });
});

describe('two connections serving one model', () => {
  it('spreads requests across both', async () => {
    const first = await fakeUpstream(['shared'], 'first');
    const second = await fakeUpstream(['shared'], 'second');
    const gateway = await gatewayFor({
      connections: [
        { name: 'first', mode: 'openai_compatible', base_url: first.baseUrl },
        { name: 'second', mode: 'openai_compatible', base_url: second.baseUrl },
      ],
    });
    for (let index = 0; index < 6; index += 1) await chat(gateway, { model: 'shared' }).expect(200);
    expect(first.inferenceRequests()).toHaveLength(3);
    expect(second.inferenceRequests()).toHaveLength(3);
  });

  it('spreads requests across two Ollama connections', async () => {
    const first = await startStandInOllama({ chunkDelayMs: 0, models: ['llama3.2:1b'] });
    const second = await startStandInOllama({ chunkDelayMs: 0, models: ['llama3.2:1b'] });
    track(first);
    track(second);
    const gateway = await gatewayFor({
      connections: [
        { name: 'first', mode: 'ollama', base_url: first.url },
        { name: 'second', mode: 'ollama', base_url: second.url },
      ],
    });
    for (let index = 0; index < 4; index += 1) await chat(gateway, { model: 'llama3.2:1b' }).expect(200);
    const generateCalls = (standIn: typeof first) => standIn.requests.filter((item) => item.path === '/api/generate').length;
    expect([generateCalls(first), generateCalls(second)]).toEqual([2, 2]);
  });
});

describe('nothing to route to', () => {
  it('answers 404 model_not_found for an id no connection serves', async () => {
    const upstream = await fakeUpstream(['model-a']);
    const gateway = await gatewayFor({ connections: [{ name: 'vllm', mode: 'openai_compatible', base_url: upstream.baseUrl }] });
    const response = await chat(gateway, { model: 'gpt-4o' }).expect(404);
    await expectOpenAIError(response.body, { type: 'invalid_request_error', code: 'model_not_found', param: 'model' });
    expect(response.body.error.message).toContain('gpt-4o');
  });

  it('answers 503 no_upstream_available when every connection serving the model is down', async () => {
    const gateway = await gatewayFor({
      connections: [
        { name: 'first', mode: 'openai_compatible', base_url: `http://127.0.0.1:${await unusedPort()}/v1`, models: ['shared'] },
        { name: 'second', mode: 'ollama', base_url: `http://127.0.0.1:${await unusedPort()}`, models: ['shared'] },
      ],
    });
    await request(gateway.url).get('/ready').expect(503);
    const response = await chat(gateway, { model: 'shared' }).expect(503);
    await expectOpenAIError(response.body, { type: 'upstream_error', code: 'no_upstream_available' });
    expect(response.headers['retry-after']).toMatch(/^\d+$/);
  });
});
