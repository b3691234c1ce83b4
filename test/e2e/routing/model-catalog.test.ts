/**
 * GET /v1/models and /v1/models/{id}: every connection's models merged (Ollama /api/tags,
 * upstream /v1/models, fixed lists, aliases), kept for models_cache_ttl_ms, with a
 * connection that is down left out.
 */
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { startStandInOllama } from '../../support/stand-ins/stand-in-ollama.js';
import type { StandIn } from '../../support/stand-ins/stand-in-types.js';
import { closeAfterEach } from '../../support/close-after.js';
import { startTestGateway, type ConfigInput, type TestGateway } from '../../support/gateway.js';
import { startFakeUpstream, type FakeUpstream } from '../../support/fake-upstream.js';
import { eventually } from '../../support/eventually.js';
import { expectOpenAIError } from '../../support/openai-error.js';
import { unusedPort } from '../../support/unused-port.js';

const track = closeAfterEach();

async function gatewayFor(config: ConfigInput): Promise<TestGateway> {
  return track(await startTestGateway(config));
}

async function ollamaStandIn(options: Parameters<typeof startStandInOllama>[0] = {}): Promise<StandIn> {
  const standIn = await startStandInOllama({ chunkDelayMs: 0, ...options });
  track(standIn);
  return standIn;
}

async function fakeUpstream(models: string[]): Promise<FakeUpstream> {
  const upstream = await startFakeUpstream({ models });
  track(upstream);
  return upstream;
}

function tagsCalls(standIn: StandIn): number {
  return standIn.requests.filter((item) => item.path === '/api/tags').length;
}

async function listIds(gateway: TestGateway): Promise<string[]> {
  const response = await request(gateway.url).get('/v1/models').expect(200);
  return (response.body as { data: Array<{ id: string }> }).data.map((model) => model.id);
}

describe('GET /v1/models', () => {
  it("merges an Ollama connection's /api/tags and an OpenAI-compatible connection's /v1/models", async () => {
    const ollama = await ollamaStandIn({ models: ['llama3.2:1b', 'qwen2.5:0.5b'] });
    const vllm = await fakeUpstream(['Qwen/Qwen2.5-0.5B-Instruct']);
    const gateway = await gatewayFor({
      connections: [
        { name: 'ollama', mode: 'ollama', base_url: ollama.url },
        { name: 'vllm', mode: 'openai_compatible', base_url: vllm.baseUrl },
      ],
    });
    expect(await listIds(gateway)).toEqual(['llama3.2:1b', 'qwen2.5:0.5b', 'Qwen/Qwen2.5-0.5B-Instruct']);
  });

  it("answers in OpenAI's list format", async () => {
    const vllm = await fakeUpstream(['model-a']);
    const gateway = await gatewayFor({ connections: [{ name: 'vllm', mode: 'openai_compatible', base_url: vllm.baseUrl }] });
    const response = await request(gateway.url).get('/v1/models').expect(200).expect('content-type', /application\/json/);
    expect(response.body).toEqual({ object: 'list', data: [{ id: 'model-a', object: 'model', created: expect.any(Number), owned_by: expect.any(String) }] });
  });

  it('answers the same on /models without /v1', async () => {
    const vllm = await fakeUpstream(['model-a']);
    const gateway = await gatewayFor({ connections: [{ name: 'vllm', mode: 'openai_compatible', base_url: vllm.baseUrl }] });
    const response = await request(gateway.url).get('/models').expect(200);
    expect(response.body.data.map((model: { id: string }) => model.id)).toEqual(['model-a']);
  });

  it('lists aliases', async () => {
    const vllm = await fakeUpstream(['model-a']);
    const gateway = await gatewayFor({
      connections: [{ name: 'vllm', mode: 'openai_compatible', base_url: vllm.baseUrl }],
      models: [{ name: 'assistant', connection: 'vllm', model: 'model-a' }],
    });
    expect(await listIds(gateway)).toEqual(expect.arrayContaining(['assistant', 'model-a']));
  });

  it("lists a connection's models under its prefix", async () => {
    const vllm = await fakeUpstream(['Qwen/Qwen2.5-0.5B']);
    const gateway = await gatewayFor({ connections: [{ name: 'vllm', mode: 'openai_compatible', base_url: vllm.baseUrl, prefix: 'gpu' }] });
    expect(await listIds(gateway)).toEqual(['gpu/Qwen/Qwen2.5-0.5B']);
  });

  it("lists a connection's fixed models instead of what it would discover", async () => {
    const vllm = await fakeUpstream(['discovered-model']);
    const gateway = await gatewayFor({ connections: [{ name: 'vllm', mode: 'openai_compatible', base_url: vllm.baseUrl, models: ['listed-a', 'listed-b'] }] });
    expect(await listIds(gateway)).toEqual(['listed-a', 'listed-b']);
  });

  it('lists a model served by two connections once', async () => {
    const first = await fakeUpstream(['shared']);
    const second = await fakeUpstream(['shared']);
    const gateway = await gatewayFor({
      connections: [
        { name: 'first', mode: 'openai_compatible', base_url: first.baseUrl },
        { name: 'second', mode: 'openai_compatible', base_url: second.baseUrl },
      ],
    });
    expect(await listIds(gateway)).toEqual(['shared']);
  });

  it('leaves out a connection that is down and still answers 200', async () => {
    const ollama = await ollamaStandIn({ models: ['llama3.2:1b'] });
    const gateway = await gatewayFor({
      connections: [
        { name: 'down', mode: 'openai_compatible', base_url: `http://127.0.0.1:${await unusedPort()}/v1` },
        { name: 'ollama', mode: 'ollama', base_url: ollama.url },
      ],
    });
    expect(await listIds(gateway)).toEqual(['llama3.2:1b']);
  });

  it('leaves out an alias whose connection is down', async () => {
    const vllm = await fakeUpstream(['model-a']);
    const gateway = await gatewayFor({
      connections: [
        { name: 'down', mode: 'ollama', base_url: `http://127.0.0.1:${await unusedPort()}` },
        { name: 'vllm', mode: 'openai_compatible', base_url: vllm.baseUrl },
      ],
      models: [
        { name: 'on-down', connection: 'down', model: 'llama3.2:1b' },
        { name: 'on-vllm', connection: 'vllm', model: 'model-a' },
      ],
    });
    await request(gateway.url).get('/ready').expect(200);
    expect(await listIds(gateway)).toEqual(['on-vllm', 'model-a']);
  });

  it('logs one line for a connection that is down, not one per request', async () => {
    const ollama = await ollamaStandIn({ models: ['llama3.2:1b'] });
    const gateway = await gatewayFor({
      models_cache_ttl_ms: 0,
      connections: [
        { name: 'down', mode: 'openai_compatible', base_url: `http://127.0.0.1:${await unusedPort()}/v1` },
        { name: 'ollama', mode: 'ollama', base_url: ollama.url },
      ],
    });
    for (let round = 0; round < 4; round += 1) await listIds(gateway);
    const discoveryLines = gateway.logs.filter((line) => line.connection === 'down' && /discover|model list/i.test(String(line.msg)));
    expect(discoveryLines).toHaveLength(1);
  });

});

describe('the model list cache', () => {
  it('asks again on every request when models_cache_ttl_ms is 0, answering from the last list meanwhile', async () => {
    const vllm = await fakeUpstream(['model-a']);
    const gateway = await gatewayFor({ models_cache_ttl_ms: 0, connections: [{ name: 'vllm', mode: 'openai_compatible', base_url: vllm.baseUrl }] });
    expect(await listIds(gateway)).toEqual(['model-a']);
    vllm.models = ['model-a', 'model-b'];
    await eventually('the new model to be listed', async () => (await listIds(gateway)).includes('model-b'));
  });

  it('asks Ollama for /api/tags once while the list is fresh', async () => {
    const ollama = await ollamaStandIn();
    const gateway = await gatewayFor({ models_cache_ttl_ms: 60_000, connections: [{ name: 'ollama', mode: 'ollama', base_url: ollama.url }] });
    await listIds(gateway);
    await listIds(gateway);
    await listIds(gateway);
    expect(tagsCalls(ollama)).toBe(1);
  });

  it('asks again once models_cache_ttl_ms has passed', async () => {
    const ollama = await ollamaStandIn({ models: ['llama3.2:1b'] });
    const gateway = await gatewayFor({ models_cache_ttl_ms: 50, connections: [{ name: 'ollama', mode: 'ollama', base_url: ollama.url }] });
    expect(await listIds(gateway)).toEqual(['llama3.2:1b']);
    ollama.setModels(['llama3.2:1b', 'qwen3:0.6b']);
    await new Promise((resolve) => setTimeout(resolve, 300));
    // The expired list answers at once while one refresh runs; the next request sees its result.
    expect(await listIds(gateway)).toEqual(['llama3.2:1b']);
    await eventually('the refreshed list', async () => (await listIds(gateway)).length === 2);
    expect(await listIds(gateway)).toEqual(['llama3.2:1b', 'qwen3:0.6b']);
  });

  it('makes one /api/tags call for concurrent requests while the list is being fetched', async () => {
    // Every answer, listings included, waits 300 ms: the requests below all arrive during one fetch.
    const ollama = await ollamaStandIn({ scenario: 'slow-first-byte', scenarioScope: 'all', firstByteDelayMs: 300 });
    const gateway = await gatewayFor({ models_cache_ttl_ms: 60_000, connections: [{ name: 'ollama', mode: 'ollama', base_url: ollama.url }] });
    const lists = await Promise.all(Array.from({ length: 6 }, () => listIds(gateway)));
    expect(new Set(lists.map((ids) => ids.join(','))).size).toBe(1);
    expect(tagsCalls(ollama)).toBe(1);
  });

  it('makes one /api/tags call for concurrent requests while an expired list is refreshed', async () => {
    const ollama = await ollamaStandIn({ scenario: 'slow-first-byte', scenarioScope: 'all', firstByteDelayMs: 300 });
    const gateway = await gatewayFor({ models_cache_ttl_ms: 100, connections: [{ name: 'ollama', mode: 'ollama', base_url: ollama.url }] });
    await listIds(gateway);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await Promise.all(Array.from({ length: 6 }, () => listIds(gateway)));
    expect(tagsCalls(ollama)).toBe(2);
  });
});

describe('GET /v1/models/{id}', () => {
  async function gatewayWithIds(): Promise<TestGateway> {
    const ollama = await ollamaStandIn({ models: ['llama3.2:1b', 'hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M'] });
    const vllm = await fakeUpstream(['Qwen/Qwen2.5-0.5B-Instruct']);
    return gatewayFor({
      connections: [
        { name: 'ollama', mode: 'ollama', base_url: ollama.url },
        { name: 'vllm', mode: 'openai_compatible', base_url: vllm.baseUrl, prefix: 'gpu' },
      ],
      models: [{ name: 'assistant', connection: 'ollama', model: 'llama3.2:1b' }],
    });
  }

  it.each([
    ['llama3.2:1b', '/v1/models/llama3.2:1b'],
    ['llama3.2:1b', '/v1/models/llama3.2%3A1b'],
    ['gpu/Qwen/Qwen2.5-0.5B-Instruct', '/v1/models/gpu/Qwen/Qwen2.5-0.5B-Instruct'],
    ['gpu/Qwen/Qwen2.5-0.5B-Instruct', '/v1/models/gpu%2FQwen%2FQwen2.5-0.5B-Instruct'],
    ['hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M', '/v1/models/hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M'],
    ['assistant', '/v1/models/assistant'],
    ['llama3.2:1b', '/models/llama3.2:1b'],
  ])('answers %s at %s', async (id, path) => {
    const gateway = await gatewayWithIds();
    const response = await request(gateway.url).get(path).expect(200);
    expect(response.body).toMatchObject({ id, object: 'model', created: expect.any(Number), owned_by: expect.any(String) });
  });

  it.each(['/v1/models/llama3.2:7b', '/v1/models/gpu/Qwen', '/v1/models/Qwen/Qwen2.5-0.5B-Instruct'])('answers 404 model_not_found at %s', async (path) => {
    const gateway = await gatewayWithIds();
    const response = await request(gateway.url).get(path).expect(404);
    await expectOpenAIError(response.body, { type: 'invalid_request_error', code: 'model_not_found' });
  });
});

describe('ids the upstream accepts besides its own', () => {
  it("routes an Ollama name without its tag to the ':latest' model, without listing it twice", async () => {
    const ollama = await ollamaStandIn({ models: ['nomic-embed-text:latest'] });
    const gateway = await gatewayFor({ connections: [{ name: 'ollama', mode: 'ollama', base_url: ollama.url }] });
    expect(await listIds(gateway)).toEqual(['nomic-embed-text:latest']);
    const response = await request(gateway.url).post('/v1/embeddings').send({ model: 'nomic-embed-text', input: 'hello' }).expect(200);
    expect((response.body as { model: string }).model).toBe('nomic-embed-text');
    const embedCall = ollama.requests.find((item) => item.path === '/api/embed');
    expect((embedCall?.body as { model: string }).model).toBe('nomic-embed-text:latest');
  });
});
