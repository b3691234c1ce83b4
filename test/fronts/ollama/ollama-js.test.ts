/**
 * The official Ollama client for JavaScript (`ollama`, ollama-js) reading what the front
 * door writes. A tiny server on 127.0.0.1 validates the client's request with the front's
 * schema, translates it with `toChat` (kept for the test to look at), then answers with
 * the front's translation of a scripted chat-completions answer: streams one line per
 * write, the way the gateway sends them.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Ollama } from 'ollama';
import { afterEach, describe, expect, it } from 'vitest';
import { modelNotFound, upstreamError, type GatewayError } from '../../../core/gateway-error.js';
import type { FrontDoor } from '../../../core/front-door.js';
import type { ChatCompletion, ChatCompletionChunk, ChatCompletionRequest, EmbeddingsResponse, ModelObject } from '../../../core/openai-types.js';
import {
  ollamaChatFront,
  ollamaEmbedRequestSchema,
  ollamaGenerateFront,
  ollamaShowRequestSchema,
  renderOllamaError,
  toPs,
  toShow,
  toTags,
  translateEmbedResponse,
  versionResponse,
} from '../../../fronts/ollama/index.js';
import { chunk, completion, context, usageChunk } from './front-support.js';

/** What the server answers to a generating request. */
interface Script {
  completion?: ChatCompletion;
  chunks?: ChatCompletionChunk[];
  failure?: GatewayError;
  error?: GatewayError;
  embeddings?: EmbeddingsResponse;
}

const models: ModelObject[] = [
  {
    id: 'llama3.2:latest',
    object: 'model',
    created: 1_736_937_000,
    owned_by: 'library',
    details: { format: 'gguf', family: 'llama', families: ['llama'], parameter_size: '3.2B', quantization_level: 'Q4_K_M', size: 2_019_393_189, digest: 'a80c4f17' },
  },
  { id: 'Qwen/Qwen2.5-7B-Instruct', object: 'model', created: 1_760_000_000, owned_by: 'vllm' },
];

let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

async function startServer(script: Script, seen: ChatCompletionRequest[] = []): Promise<Ollama> {
  server = createServer((req, res) => {
    let text = '';
    req.on('data', (data: Buffer) => (text += data.toString('utf8')));
    req.on('end', () => route(req, res, text === '' ? undefined : (JSON.parse(text) as unknown), script, seen));
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return new Ollama({ host: `http://127.0.0.1:${port}` });
}

function route(req: IncomingMessage, res: ServerResponse, body: unknown, script: Script, seen: ChatCompletionRequest[]): void {
  if (script.error) {
    const rendered = renderOllamaError(script.error);
    return sendJson(res, rendered.status, rendered.body);
  }
  switch (`${req.method} ${req.url}`) {
    case 'POST /api/chat':
      return serveGenerating(ollamaChatFront, body, res, script, seen);
    case 'POST /api/generate':
      return serveGenerating(ollamaGenerateFront, body, res, script, seen);
    case 'POST /api/embed': {
      const request = ollamaEmbedRequestSchema.parse(body);
      return sendJson(res, 200, translateEmbedResponse(script.embeddings!, request));
    }
    case 'GET /api/tags':
      return sendJson(res, 200, toTags(models));
    case 'GET /api/ps':
      return sendJson(res, 200, toPs([{ model: models[0]!, expiresAt: 1_760_000_300 }]));
    case 'POST /api/show':
      ollamaShowRequestSchema.parse(body);
      return sendJson(res, 200, toShow(models[0]!, { tools: true }));
    case 'GET /api/version':
      return sendJson(res, 200, versionResponse);
    default:
      return sendJson(res, 404, { error: 'not found' });
  }
}

function serveGenerating<Request, Response>(
  front: FrontDoor<Request, Response>,
  body: unknown,
  res: ServerResponse,
  script: Script,
  seen: ChatCompletionRequest[],
): void {
  const request = front.schema.parse(body);
  seen.push(front.toChat(request, context));
  if (!front.isStream(request)) return sendJson(res, 200, front.fromChat(script.completion!, request, context));
  const stream = front.stream(request, context);
  res.writeHead(200, { 'content-type': front.streamContentType });
  const lines = (script.chunks ?? []).flatMap((item) => stream.push(item));
  lines.push(...(script.failure ? stream.fail(script.failure) : stream.end()));
  lines.forEach((line) => res.write(line));
  res.end();
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(value));
}

const usage = { prompt_tokens: 12, completion_tokens: 7, total_tokens: 19 };
const messages = [{ role: 'user', content: 'Weather in Paris?' }];

describe('ollama-js reading the Ollama front door', () => {
  it('reads a whole chat answer', async () => {
    const client = await startServer({ completion: completion({ content: 'Bonjour café ☕', reasoning_content: 'French.' }, 'stop', usage) });
    const response = await client.chat({ model: 'llama3.2', messages, stream: false });
    expect(response).toMatchObject({
      model: 'llama3.2',
      message: { role: 'assistant', content: 'Bonjour café ☕', thinking: 'French.' },
      done: true,
      done_reason: 'stop',
      prompt_eval_count: 12,
      eval_count: 7,
    });
  });

  it('reads a streamed chat answer with a tool call assembled from fragments', async () => {
    const seen: ChatCompletionRequest[] = [];
    const client = await startServer(
      {
        chunks: [
          chunk({ role: 'assistant', content: '' }),
          chunk({ reasoning_content: 'Need the weather.' }),
          chunk({ content: 'Checking…' }),
          chunk({ tool_calls: [{ index: 0, id: 'call_w', type: 'function', function: { name: 'get_weather', arguments: '{"city":' } }] }),
          chunk({ tool_calls: [{ index: 0, function: { arguments: '"Paris"}' } }] }),
          chunk({}, 'tool_calls'),
          usageChunk(usage),
        ],
      },
      seen,
    );
    const parts = await client.chat({ model: 'llama3.2', messages, stream: true, think: true });
    const lines = [];
    for await (const part of parts) lines.push(part);
    expect(seen[0]).toMatchObject({ stream: true, stream_options: { include_usage: true }, reasoning_effort: 'medium' });
    expect(lines.map((line) => line.message.thinking ?? line.message.content)).toEqual(['Need the weather.', 'Checking…', '', '']);
    expect(lines[2]?.message.tool_calls).toEqual([{ id: 'call_w', function: { index: 0, name: 'get_weather', arguments: { city: 'Paris' } } }]);
    expect(lines.at(-1)).toMatchObject({ done: true, done_reason: 'stop', prompt_eval_count: 12, eval_count: 7 });
  });

  it('raises Ollama’s mid-stream error line as an error', async () => {
    const client = await startServer({ chunks: [chunk({ content: 'Bon' })], failure: upstreamError('The upstream closed the connection mid-answer.', 'disconnected') });
    const parts = await client.chat({ model: 'llama3.2', messages, stream: true });
    const contents: string[] = [];
    await expect(async () => {
      for await (const part of parts) contents.push(part.message.content);
    }).rejects.toThrow('The upstream closed the connection mid-answer.');
    expect(contents).toEqual(['Bon']);
  });

  it('sends images the client encodes as data URLs with their type', async () => {
    const seen: ChatCompletionRequest[] = [];
    const client = await startServer({ completion: completion({ content: 'A dot.' }) }, seen);
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    await client.chat({ model: 'llava', messages: [{ role: 'user', content: 'What is this?', images: [png] }], stream: false });
    expect(seen[0]?.messages[0]).toEqual({
      role: 'user',
      content: [{ type: 'text', text: 'What is this?' }, { type: 'image_url', image_url: { url: `data:image/png;base64,${Buffer.from(png).toString('base64')}` } }],
    });
  });

  it('reads a whole and a streamed generate answer', async () => {
    const client = await startServer({
      completion: completion({ content: 'Rayleigh scattering.' }, 'length', usage),
      chunks: [chunk({ content: 'Rayleigh' }), chunk({ content: ' scattering.' }), chunk({}, 'stop'), usageChunk(usage)],
    });
    const whole = await client.generate({ model: 'llama3.2', prompt: 'Why is the sky blue?', stream: false });
    expect(whole).toMatchObject({ response: 'Rayleigh scattering.', done: true, done_reason: 'length', eval_count: 7 });
    const parts = await client.generate({ model: 'llama3.2', prompt: 'Why is the sky blue?', stream: true });
    const pieces: string[] = [];
    for await (const part of parts) pieces.push(part.response ?? '');
    expect(pieces).toEqual(['Rayleigh', ' scattering.', '']);
  });

  it('reads embeddings', async () => {
    const embeddings: EmbeddingsResponse = {
      object: 'list',
      data: [
        { object: 'embedding', index: 0, embedding: [0.25, -0.5] },
        { object: 'embedding', index: 1, embedding: [1, 0] },
      ],
      model: 'upstream',
      usage: { prompt_tokens: 4, total_tokens: 4 },
    };
    const client = await startServer({ embeddings });
    const response = await client.embed({ model: 'nomic-embed-text', input: ['a', 'b'] });
    expect(response).toEqual({ model: 'nomic-embed-text', embeddings: [[0.25, -0.5], [1, 0]], total_duration: 0, load_duration: 0, prompt_eval_count: 4 });
  });

  it('reads the model list, running models, a model’s details and the version', async () => {
    const client = await startServer({});
    const list = await client.list();
    expect(list.models.map((model) => [model.name, model.details.family])).toEqual([
      ['llama3.2:latest', 'llama'],
      ['Qwen/Qwen2.5-7B-Instruct', ''],
    ]);
    expect((await client.ps()).models[0]).toMatchObject({ name: 'llama3.2:latest', expires_at: '2025-10-09T08:58:20Z' });
    expect(await client.show({ model: 'llama3.2' })).toMatchObject({ capabilities: ['completion', 'tools'], details: { parameter_size: '3.2B' } });
    expect(await client.version()).toEqual(versionResponse);
  });

  it('raises an unknown model with Ollama’s message and status', async () => {
    const client = await startServer({ error: modelNotFound('llama9') });
    await expect(client.chat({ model: 'llama9', messages, stream: false })).rejects.toMatchObject({
      name: 'ResponseError',
      error: "model 'llama9' not found",
      status_code: 404,
    });
  });
});
