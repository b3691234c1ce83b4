/**
 * The stand-in llama-server's answers, as recorded from build b9927-c264f65ff: chat and
 * legacy completion streams and bodies, errors with integer codes, the model list with
 * its `models` array and `meta.n_ctx`, /health, /slots, /metrics, the API key and
 * embeddings.
 */
import OpenAI from 'openai';
import { beforeAll, describe, expect, it } from 'vitest';
import { closeAfterAll, closeAfterEach } from '../support/close-after.js';
import { readRaw } from '../support/open-stream.js';
import { parseSse } from '../support/parse-sse.js';
import { postJson } from '../support/post-json.js';
import { findSamples, parseSamples } from '../support/prometheus-text.js';
import { startStandInLlamaServer, type LlamaServerStandIn } from '../support/stand-ins/stand-in-llama-server.js';

const trackForFile = closeAfterAll();
const track = closeAfterEach();
const modelPath = 'models/tiny-qwen-tools.gguf';
const weatherTool = { type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } };
const llamaId = /^[A-Za-z0-9]{32}$/;
let llama: LlamaServerStandIn;

beforeAll(async () => {
  llama = trackForFile(await startStandInLlamaServer({ chunkDelayMs: 0 }));
});

const chatBody = (text: string, extra: Record<string, unknown> = {}) => ({ messages: [{ role: 'user', content: text }], ...extra });
const chat = (body: unknown, server: LlamaServerStandIn = llama) => postJson(`${server.baseUrl}/chat/completions`, body);
type Chunk = { choices: Array<Record<string, unknown> & { delta?: Record<string, unknown> }>; [key: string]: unknown };
const events = async (response: Response) => parseSse(await response.text()).filter((payload) => payload !== '[DONE]') as Chunk[];

describe('chat streams', () => {
  it('opens with a role-only event whose content is null, in the same HTTP chunk as the first content', async () => {
    const exchange = await readRaw(`${llama.baseUrl}/chat/completions`, chatBody('hi there', { stream: true }));
    const first = parseSse(exchange.chunks[0]?.toString('utf8') ?? '') as Chunk[];
    expect(first.map((event) => event.choices[0]?.delta)).toEqual([{ role: 'assistant', content: null }, { content: 'Hello! ' }]);
    expect(Object.keys(first[0] ?? {})).toEqual(['choices', 'created', 'id', 'model', 'system_fingerprint', 'object']);
    expect(exchange.chunks.at(-1)?.toString('utf8')).toBe('data: [DONE]\n\n');
  });

  it('puts timings on the finish event and usage nowhere without include_usage', async () => {
    const chunks = await events(await chat(chatBody('hi there', { stream: true })));
    expect(chunks.at(-1)).toMatchObject({ choices: [{ finish_reason: 'stop', index: 0, delta: {} }], timings: { prompt_n: 2, predicted_n: 5 } });
    expect(chunks.filter((chunk) => 'usage' in chunk)).toEqual([]);
  });

  it('sends usage and timings in a separate choices: [] event with include_usage, and no timings on the finish', async () => {
    const chunks = await events(await chat(chatBody('hi there', { stream: true, stream_options: { include_usage: true } })));
    const [finish, usage] = chunks.slice(-2);
    expect(finish).not.toHaveProperty('timings');
    expect(usage).toMatchObject({ choices: [], usage: { completion_tokens: 5, prompt_tokens: 2, total_tokens: 7, prompt_tokens_details: { cached_tokens: 0 } } });
    const timings = usage?.['timings'] as Record<string, number>;
    expect((timings['cache_n'] ?? 0) + (timings['prompt_n'] ?? 0)).toBe(2);
    expect(timings['predicted_n']).toBe(5);
  });

  it('names its own model and keeps one id, whatever model the request named', async () => {
    const chunks = await events(await chat(chatBody('hi', { stream: true, model: 'no-such-model' })));
    expect(new Set(chunks.map((chunk) => chunk['model']))).toEqual(new Set([modelPath]));
    expect(new Set(chunks.map((chunk) => chunk['id'])).size).toBe(1);
    expect(String(chunks[0]?.['id'])).toMatch(/^chatcmpl-[A-Za-z0-9]{32}$/);
  });

  it('streams a tool call after a role event alone in its chunk, the first delta carrying id, type, name and "{"', async () => {
    const exchange = await readRaw(`${llama.baseUrl}/chat/completions`, chatBody('weather?', { stream: true, tools: [weatherTool] }));
    expect(parseSse(exchange.chunks[0]?.toString('utf8') ?? '')).toHaveLength(1);
    const chunks = parseSse(Buffer.concat(exchange.chunks).toString('utf8')).filter((payload) => payload !== '[DONE]') as Chunk[];
    const calls = chunks.flatMap((chunk) => (chunk.choices[0]?.delta?.['tool_calls'] as Array<Record<string, unknown>> | undefined) ?? []);
    expect(calls[0]).toEqual({ index: 0, id: expect.stringMatching(llamaId), type: 'function', function: { name: 'get_weather', arguments: '{' } });
    expect(JSON.parse(calls.map((call) => (call['function'] as { arguments: string }).arguments).join(''))).toEqual({ city: 'example' });
    expect(chunks.at(-1)?.choices[0]).toMatchObject({ finish_reason: 'tool_calls' });
  });

  it('streams reasoning_content before the content with a thinking template', async () => {
    const thinking = track(await startStandInLlamaServer({ chunkDelayMs: 0, reasoning: true }));
    const deltas = (await events(await chat(chatBody('hi', { stream: true }), thinking))).map((chunk) => Object.keys(chunk.choices[0]?.delta ?? {})[0]);
    expect(deltas.indexOf('reasoning_content')).toBe(1);
    expect(deltas.lastIndexOf('reasoning_content')).toBeLessThan(deltas.indexOf('content'));
  });
});

describe('whole chat answers', () => {
  it('has the recorded shape: own model name, usage with cached_tokens, timings, no logprobs or refusal', async () => {
    const body = (await (await chat(chatBody('hello'))).json()) as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(['choices', 'created', 'model', 'system_fingerprint', 'object', 'usage', 'id', 'timings']);
    expect(body).toMatchObject({
      choices: [{ finish_reason: 'stop', index: 0, message: { role: 'assistant', content: 'Hello! You said: hello' } }],
      model: modelPath,
      system_fingerprint: 'b9927-c264f65ff',
      usage: { prompt_tokens_details: { cached_tokens: 0 } },
    });
    expect(Object.keys((body['choices'] as Array<Record<string, unknown>>)[0] ?? {})).toEqual(['finish_reason', 'index', 'message']);
  });

  it('answers a tool call with content "" and ids without a call_ prefix', async () => {
    const body = (await (await chat(chatBody('weather?', { tools: [weatherTool] }))).json()) as { choices: Array<{ finish_reason: string; message: Record<string, unknown> }> };
    const [call] = body.choices[0]?.message['tool_calls'] as Array<Record<string, unknown>>;
    expect(body.choices[0]).toMatchObject({ finish_reason: 'tool_calls', message: { content: '' } });
    expect(Object.keys(call ?? {})).toEqual(['type', 'function', 'id']);
    expect(call?.['id']).toMatch(llamaId);
  });
});

describe('legacy completions', () => {
  it('streams chatcmpl- ids without a role event, usage and timings on the final chunk only', async () => {
    const chunks = await events(await postJson(`${llama.baseUrl}/completions`, { prompt: 'Once', stream: true }));
    expect(chunks.every((chunk) => chunk['object'] === 'text_completion' && String(chunk['id']).startsWith('chatcmpl-'))).toBe(true);
    expect(chunks.filter((chunk) => 'usage' in chunk)).toHaveLength(1);
    expect(chunks.at(-1)).toMatchObject({ choices: [{ text: '', finish_reason: 'stop' }], usage: { prompt_tokens: 1 }, timings: { prompt_n: 1 } });
    expect(chunks.at(-2)?.choices[0]).toMatchObject({ text: '' });
    expect(chunks.some((chunk) => chunk.choices.length === 0)).toBe(false);
  });
});

describe('errors', () => {
  it.each([
    ['no messages', {}, 400, { code: 400, message: "'messages' is required", type: 'invalid_request_error' }],
    ['messages as a string', { messages: 'hi' }, 400, { code: 400, message: "Expected 'messages' to be an array", type: 'invalid_request_error' }],
    ['temperature as a string', chatBody('hi', { temperature: 'hot' }), 400, { code: 400, message: "Field 'temperature': [json.exception.type_error.302] type must be number, but is string", type: 'invalid_request_error' }],
    ['a body that is not JSON', '{"messages": [', 500, { code: 500, message: expect.stringContaining('[json.exception.parse_error.101]'), type: 'server_error' }],
  ])('answers %s with %i and an integer code', async (_name, body, status, error) => {
    const response = await chat(body);
    expect(response.status).toBe(status);
    expect(await response.json()).toEqual({ error });
  });

  it('answers 200 for an unknown model, a missing model and an empty chat', async () => {
    for (const body of [chatBody('hi', { model: 'gpt-4' }), chatBody('hi'), { messages: [] }]) expect((await chat(body)).status).toBe(200);
  });

  it('refuses a prompt over the context with exceed_context_size_error, n_prompt_tokens and n_ctx', async () => {
    const small = track(await startStandInLlamaServer({ chunkDelayMs: 0, contextLength: 8 }));
    const response = await chat(chatBody('one two three four five six seven eight nine ten', { stream: true }), small);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await response.json()).toEqual({ error: { code: 400, message: 'request (10 tokens) exceeds the available context size (8 tokens), try increasing it', type: 'exceed_context_size_error', n_prompt_tokens: 10, n_ctx: 8 } });
  });

  it.each(['/v1/models/models%2Ftiny-qwen-tools.gguf', '/v1/nothing'])('answers GET %s with 404 File Not Found', async (path) => {
    const response = await fetch(`${llama.url}${path}`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: { message: 'File Not Found', type: 'not_found_error', code: 404 } });
  });
});

describe('headers', () => {
  it('echoes the Origin in Access-Control-Allow-Origin, and sends it empty without one', async () => {
    expect((await fetch(`${llama.url}/health`, { headers: { origin: 'http://example.test' } })).headers.get('access-control-allow-origin')).toBe('http://example.test');
    expect((await fetch(`${llama.url}/health`)).headers.get('access-control-allow-origin')).toBe('');
  });

  it('answers OPTIONS on any path with 200 and the preflight headers, without asking for the key', async () => {
    const guarded = track(await startStandInLlamaServer({ apiKey: 'sk-test' }));
    const response = await fetch(`${guarded.baseUrl}/chat/completions`, { method: 'OPTIONS', headers: { origin: 'http://example.test' } });
    expect(response.status).toBe(200);
    expect(Object.fromEntries([...response.headers].filter(([name]) => name.startsWith('access-control-')))).toEqual({
      'access-control-allow-origin': 'http://example.test',
      'access-control-allow-credentials': 'true',
      'access-control-allow-headers': '*',
      'access-control-allow-methods': 'GET, POST',
    });
  });
});

describe('models and health', () => {
  it('lists its model with the extra models array and the context size in meta.n_ctx, the same on /models', async () => {
    const body = (await (await fetch(`${llama.baseUrl}/models`)).json()) as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(['models', 'object', 'data']);
    expect(body['models']).toEqual([expect.objectContaining({ name: modelPath, model: modelPath, capabilities: ['completion'] })]);
    expect(body['data']).toEqual([expect.objectContaining({ id: modelPath, aliases: [modelPath], owned_by: 'llamacpp', meta: expect.objectContaining({ n_ctx: 2048 }) })]);
    expect(body['data']).not.toContainEqual(expect.objectContaining({ max_model_len: expect.anything() }));
    expect(Object.keys((await (await fetch(`${llama.url}/models`)).json()) as Record<string, unknown>)).toEqual(['models', 'object', 'data']);
  });

  it('reports an alias as the model id', async () => {
    const aliased = track(await startStandInLlamaServer({ alias: 'tiny-random-llama' }));
    const body = (await (await fetch(`${aliased.baseUrl}/models`)).json()) as { data: Array<{ id: string }> };
    expect(body.data.map((model) => model.id)).toEqual(['tiny-random-llama']);
  });

  it('answers /health and /v1/health with {"status":"ok"}', async () => {
    for (const path of ['/health', '/v1/health']) expect(await (await fetch(`${llama.url}${path}`)).json()).toEqual({ status: 'ok' });
  });
});

describe('/slots and /metrics', () => {
  it('shows a slot processing and llamacpp:requests_processing at 1 while a stream runs, then idle again', async () => {
    const busy = track(await startStandInLlamaServer({ chunkDelayMs: 0, slots: 2 }));
    const stream = await chat(chatBody('go on [scenario:never-ending]', { stream: true }), busy);
    const reader = stream.body!.getReader();
    await reader.read();
    const slots = (await (await fetch(`${busy.url}/slots`)).json()) as Array<{ id: number; is_processing: boolean; n_ctx: number }>;
    expect(slots.map((slot) => [slot.id, slot.is_processing, slot.n_ctx])).toEqual([[0, true, 2048], [1, false, 2048]]);
    const samples = parseSamples(await (await fetch(`${busy.url}/metrics`)).text());
    expect(findSamples(samples, 'llamacpp:requests_processing')[0]?.value).toBe(1);
    expect(findSamples(samples, 'llamacpp:requests_deferred')[0]?.value).toBe(0);
    await reader.cancel();
  });

  it('counts prompt and predicted tokens in its counters', async () => {
    const counted = track(await startStandInLlamaServer({ chunkDelayMs: 0 }));
    await (await chat(chatBody('hi there'), counted)).text();
    const samples = parseSamples(await (await fetch(`${counted.url}/metrics`)).text());
    expect(findSamples(samples, 'llamacpp:prompt_tokens_total')[0]?.value).toBe(2);
    expect(findSamples(samples, 'llamacpp:tokens_predicted_total')[0]?.value).toBe(5);
  });
});

describe('with an API key', () => {
  it('refuses a wrong key with 401 Invalid API Key, keeps /health and /v1/models public, accepts X-Api-Key and a bare Authorization', async () => {
    const guarded = track(await startStandInLlamaServer({ apiKey: 'sk-test', chunkDelayMs: 0 }));
    const refused = await postJson(`${guarded.baseUrl}/chat/completions`, chatBody('hi', { stream: true }), { headers: { authorization: 'Bearer nope' } });
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual({ error: { message: 'Invalid API Key', type: 'authentication_error', code: 401 } });
    expect((await fetch(`${guarded.baseUrl}/models`, { headers: { authorization: 'Bearer nope' } })).status).toBe(200);
    expect((await fetch(`${guarded.url}/health`)).status).toBe(200);
    const accepted: Array<Record<string, string>> = [{ 'x-api-key': 'sk-test' }, { authorization: 'sk-test' }, { authorization: 'Bearer sk-test' }];
    for (const headers of accepted) {
      expect((await postJson(`${guarded.baseUrl}/chat/completions`, chatBody('hi'), { headers })).status).toBe(200);
    }
  });
});

describe('embeddings', () => {
  it('answers 501 not_supported_error without --embeddings', async () => {
    const response = await postJson(`${llama.baseUrl}/embeddings`, { input: 'hi' });
    expect(response.status).toBe(501);
    expect(await response.json()).toMatchObject({ error: { code: 501, type: 'not_supported_error' } });
  });

  it('answers with data last, no id, the model echoed, and base64 items marked as such', async () => {
    const embedding = track(await startStandInLlamaServer({ embeddings: true, alias: 'tiny-random-llama' }));
    const floats = (await (await postJson(`${embedding.baseUrl}/embeddings`, { model: 'tiny-random-llama', input: ['hello', 'world peace'] })).json()) as Record<string, unknown>;
    expect(Object.keys(floats)).toEqual(['model', 'object', 'usage', 'data']);
    expect(floats).toMatchObject({ model: 'tiny-random-llama', usage: { prompt_tokens: 3, total_tokens: 3 }, data: [{ index: 0 }, { index: 1 }] });
    const encoded = (await (await postJson(`${embedding.baseUrl}/embeddings`, { input: 'hello', encoding_format: 'base64' })).json()) as { data: Array<Record<string, unknown>> };
    expect(encoded.data[0]).toMatchObject({ embedding: expect.any(String), encoding_format: 'base64' });
  });
});

describe('real clients', () => {
  it('streams a chat to the OpenAI SDK', async () => {
    const client = new OpenAI({ baseURL: llama.baseUrl, apiKey: 'unused' });
    const stream = await client.chat.completions.create({ model: 'anything', messages: [{ role: 'user', content: 'sdk' }], stream: true });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('Hello! You said: sdk');
  });
});
