/**
 * The stand-in vLLM: model list, chat and legacy completion streams in vLLM's shape,
 * embeddings, its validation errors and its `--api-key` refusal.
 */
import OpenAI from 'openai';
import { beforeAll, describe, expect, it } from 'vitest';
import { closeAfterAll, closeAfterEach } from '../support/close-after.js';
import { startStandInOpenAI } from '../support/stand-ins/stand-in-openai.js';
import type { OpenAIStandIn } from '../support/stand-ins/stand-in-types.js';
import { parseSse } from '../support/parse-sse.js';
import { postJson } from '../support/post-json.js';
import { chatBody } from './chat-body.js';

const trackForFile = closeAfterAll();
const track = closeAfterEach();

const model = 'Qwen/Qwen2.5-0.5B-Instruct';
const weatherTool = { type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } };

let vllm: OpenAIStandIn;
/** The JSON chunks of a stream, without the final `[DONE]`. */
const jsonChunks = (text: string) => parseSse(text).filter((payload) => payload !== '[DONE]') as Array<Record<string, unknown>>;
const chat = (body: unknown) => postJson(`${vllm.baseUrl}/chat/completions`, body);

beforeAll(async () => {
  vllm = trackForFile(await startStandInOpenAI({ chunkDelayMs: 0 }));
});

describe('stand-in vLLM', () => {
  it('lists its model on /v1/models in vLLM\'s shape', async () => {
    const body = (await (await fetch(`${vllm.baseUrl}/models`)).json()) as { object: string; data: Array<Record<string, unknown>> };
    expect(body.object).toBe('list');
    expect(body.data[0]).toMatchObject({ id: model, object: 'model', owned_by: 'vllm', root: model, parent: null, max_model_len: 32768 });
    expect(body.data[0]?.['permission']).toEqual([expect.objectContaining({ object: 'model_permission' })]);
  });

  it('streams role first, then content, finish, usage with no choices, then [DONE]', async () => {
    const response = await chat(chatBody(model, 'hi there', { stream: true, stream_options: { include_usage: true } }));
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const text = await response.text();
    expect(parseSse(text).at(-1)).toBe('[DONE]');
    const chunks = jsonChunks(text);
    const choices = chunks.map((chunk) => (chunk['choices'] as Array<Record<string, unknown>>)[0]);
    expect(choices[0]).toEqual({ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null });
    expect(choices.at(-2)).toEqual({ index: 0, delta: { content: '' }, logprobs: null, finish_reason: 'stop', stop_reason: null });
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: 2, total_tokens: 7, completion_tokens: 5 } });
    expect(new Set(chunks.map((chunk) => `${String(chunk['id'])} ${String(chunk['created'])}`)).size).toBe(1);
    const content = choices.map((choice) => (choice?.['delta'] as { content?: string } | undefined)?.content ?? '').join('');
    expect(content).toBe('Hello! You said: hi there');
  });

  it('sends no usage chunk unless stream_options.include_usage is set', async () => {
    const chunks = jsonChunks(await (await chat(chatBody(model, 'hi', { stream: true }))).text());
    expect(chunks.every((chunk) => (chunk['choices'] as unknown[]).length === 1)).toBe(true);
  });

  it('answers a whole chat completion with usage', async () => {
    const body = (await (await chat(chatBody(model, 'hello'))).json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      object: 'chat.completion',
      model,
      choices: [{ index: 0, message: { role: 'assistant', content: 'Hello! You said: hello', tool_calls: [] }, finish_reason: 'stop', stop_reason: null }],
      usage: { prompt_tokens: 1, completion_tokens: 4, total_tokens: 5 },
    });
    expect(body['id']).toMatch(/^chatcmpl-[0-9a-f]{32}$/);
  });

  it('streams a tool call whose argument pieces join into JSON, finishing with tool_calls', async () => {
    const chunks = jsonChunks(await (await chat(chatBody(model, 'weather?', { stream: true, tools: [weatherTool] }))).text());
    const deltas = chunks.map((chunk) => (chunk['choices'] as Array<{ delta: { tool_calls?: Array<Record<string, unknown>> } }>)[0]?.delta);
    const calls = deltas.flatMap((delta) => delta?.tool_calls ?? []);
    expect(calls[0]).toEqual({ id: expect.stringMatching(/^chatcmpl-tool-[0-9a-f]{32}$/), type: 'function', index: 0, function: { name: 'get_weather' } });
    const argumentsText = calls.map((call) => (call['function'] as { arguments?: string }).arguments ?? '').join('');
    expect(JSON.parse(argumentsText)).toEqual({ city: 'example' });
    expect((chunks.at(-1)?.['choices'] as Array<Record<string, unknown>>)[0]).toMatchObject({ finish_reason: 'tool_calls' });
  });

  it('cuts the answer at max_tokens with finish_reason length', async () => {
    const response = await chat(chatBody(model, 'a b c d', { max_tokens: 2 }));
    const body = (await response.json()) as { choices: Array<{ message: { content: string }; finish_reason: string }> };
    expect(body.choices[0]).toMatchObject({ message: { content: 'Hello! You ' }, finish_reason: 'length' });
  });

  it('streams legacy completions ending with [DONE]', async () => {
    const text = await (await postJson(`${vllm.baseUrl}/completions`, { model, prompt: 'Once', stream: true })).text();
    expect(parseSse(text).at(-1)).toBe('[DONE]');
    const chunks = jsonChunks(text);
    expect(chunks[0]).toMatchObject({ object: 'text_completion', choices: [{ index: 0, text: 'Hello! ', finish_reason: null }], usage: null });
  });

  it('answers embeddings as floats or as base64 float32', async () => {
    const embed = async (encoding: string) => {
      const response = await postJson(`${vllm.baseUrl}/embeddings`, { model, input: ['a'], encoding_format: encoding });
      return ((await response.json()) as { data: Array<{ embedding: number[] | string }> }).data[0]?.embedding;
    };
    const floats = (await embed('float')) as number[];
    const decoded = Buffer.from((await embed('base64')) as string, 'base64');
    expect(floats).toHaveLength(8);
    expect(floats.map((_, index) => decoded.readFloatLE(index * 4))).toEqual(floats.map((value) => Math.fround(value)));
  });

  it('answers an unknown model with vLLM\'s 404', async () => {
    const response = await chat(chatBody('gpt-4', 'hi'));
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: { message: 'The model `gpt-4` does not exist.', type: 'NotFoundError', param: 'model', code: 404 } });
  });

  it('answers a request without messages with a 400 validation error', async () => {
    const response = await chat({ model });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { type: 'Bad Request', code: 400, message: expect.stringContaining("'msg': 'Field required'") } });
  });

  it('refuses stream_options without stream, as vLLM\'s validator does', async () => {
    const response = await chat(chatBody(model, 'hi', { stream_options: { include_usage: true } }));
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { message: expect.stringContaining('Stream options can only be defined when `stream=True`.') } });
  });

  it('answers max_tokens beyond the context length with a 400 naming max_tokens', async () => {
    const response = await chat(chatBody(model, 'hi', { max_tokens: 40000 }));
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { type: 'BadRequestError', param: 'max_tokens', code: 400 } });
  });

  it('works with the OpenAI SDK, streamed', async () => {
    const client = new OpenAI({ baseURL: vllm.baseUrl, apiKey: 'unused' });
    const stream = await client.chat.completions.create({ model, messages: [{ role: 'user', content: 'sdk' }], stream: true });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('Hello! You said: sdk');
  });
});

describe('stand-in vLLM with an API key', () => {
  it('refuses a missing or wrong bearer with 401 {"error":"Unauthorized"} and accepts the right one', async () => {
    const guarded = track(await startStandInOpenAI({ apiKey: 'secret', chunkDelayMs: 0 }));
    const missing = await fetch(`${guarded.baseUrl}/models`);
    expect(missing.status).toBe(401);
    expect(await missing.json()).toEqual({ error: 'Unauthorized' });
    const wrong = await fetch(`${guarded.baseUrl}/models`, { headers: { authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(401);
    const right = await fetch(`${guarded.baseUrl}/models`, { headers: { authorization: 'Bearer secret' } });
    expect(right.status).toBe(200);
    expect((await fetch(`${guarded.url}/health`)).status).toBe(200);
  });
});
