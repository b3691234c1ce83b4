/**
 * The official Anthropic SDK (`@anthropic-ai/sdk`) reading what the front door writes. A
 * tiny server on 127.0.0.1 validates the SDK's request with the front's schema, then
 * answers with the front's translation of a scripted chat-completions answer: the stream
 * one frame per write, the way the gateway sends it.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Anthropic from '@anthropic-ai/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { missingField, upstreamError, type GatewayError } from '../../../core/gateway-error.js';
import type { ChatCompletion, ChatCompletionChunk } from '../../../core/openai-types.js';
import { anthropicMessagesFront } from '../../../fronts/anthropic/index.js';
import { context, createChunk, createUsageChunk } from './stream-support.js';

/** What the server answers: a whole completion, chunks (then maybe a failure), or an error. */
type Script =
  | { kind: 'whole'; completion: ChatCompletion }
  | { kind: 'stream'; chunks: ChatCompletionChunk[]; failure?: GatewayError }
  | { kind: 'error'; error: GatewayError };

let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

async function startServer(script: Script): Promise<Anthropic> {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (data: Buffer) => (body += data.toString('utf8')));
    req.on('end', () => {
      const request = anthropicMessagesFront.schema.parse(JSON.parse(body));
      if (script.kind === 'error') {
        const rendered = anthropicMessagesFront.renderError(script.error);
        res.writeHead(rendered.status, { 'content-type': 'application/json', ...rendered.headers });
        res.end(JSON.stringify(rendered.body));
        return;
      }
      if (script.kind === 'whole') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(anthropicMessagesFront.fromChat(script.completion, request, context)));
        return;
      }
      const stream = anthropicMessagesFront.stream(request, context);
      res.writeHead(200, { 'content-type': anthropicMessagesFront.streamContentType });
      const frames = script.chunks.flatMap((chunk) => stream.push(chunk));
      frames.push(...(script.failure ? stream.fail(script.failure) : stream.end()));
      frames.forEach((frame) => res.write(frame));
      res.end();
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return new Anthropic({ baseURL: `http://127.0.0.1:${port}`, apiKey: 'x', maxRetries: 0 });
}

const params = { model: 'claude-local', max_tokens: 256, messages: [{ role: 'user' as const, content: 'Weather in Paris?' }] };
const usage = { prompt_tokens: 12, completion_tokens: 7, total_tokens: 19 };

describe('Anthropic SDK reading the Messages front door', () => {
  it('accumulates a streamed text answer', async () => {
    const client = await startServer({
      kind: 'stream',
      chunks: [createChunk({ role: 'assistant', content: '' }), createChunk({ content: 'Bonjour ' }), createChunk({ content: 'café ☕' }), createChunk({}, 'stop'), createUsageChunk(usage)],
    });
    const stream = client.messages.stream(params);
    const texts: string[] = [];
    stream.on('text', (text) => texts.push(text));
    const message = await stream.finalMessage();
    expect(texts).toEqual(['Bonjour ', 'café ☕']);
    expect(message).toMatchObject({
      id: 'msg_test0001',
      model: 'claude-local',
      content: [{ type: 'text', text: 'Bonjour café ☕' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: 12, output_tokens: 7 },
    });
  });

  it('accumulates thinking, text and tool calls sent in fragments', async () => {
    const client = await startServer({
      kind: 'stream',
      chunks: [
        createChunk({ role: 'assistant', reasoning_content: 'Need the ' }),
        createChunk({ reasoning_content: 'weather tool.' }),
        createChunk({ content: 'Checking.' }),
        createChunk({ tool_calls: [{ index: 0, id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '{"ci' } }] }),
        createChunk({ tool_calls: [{ index: 0, function: { arguments: 'ty":"Par' } }] }),
        createChunk({ tool_calls: [{ index: 0, function: { arguments: 'is"}' } }] }),
        createChunk({ tool_calls: [{ index: 1, id: 'call_b', type: 'function', function: { name: 'now', arguments: '' } }] }),
        createChunk({}, 'tool_calls'),
        createUsageChunk(usage),
      ],
    });
    const message = await client.messages.stream(params).finalMessage();
    expect(message.content).toMatchObject([
      { type: 'thinking', thinking: 'Need the weather tool.', signature: '' },
      { type: 'text', text: 'Checking.' },
      { type: 'tool_use', id: 'call_a', name: 'get_weather', input: { city: 'Paris' } },
      { type: 'tool_use', id: 'call_b', name: 'now', input: {} },
    ]);
    expect(message.stop_reason).toBe('tool_use');
  });

  it('reads every raw event of a stream in order', async () => {
    const client = await startServer({ kind: 'stream', chunks: [createChunk({ content: 'Hi' }), createChunk({}, 'stop'), createUsageChunk(usage)] });
    const events: string[] = [];
    for await (const event of await client.messages.create({ ...params, stream: true })) {
      events.push(event.type);
    }
    expect(events).toEqual(['message_start', 'content_block_start', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop']);
  });

  it('finishes an empty stream with an empty message', async () => {
    const client = await startServer({ kind: 'stream', chunks: [] });
    const message = await client.messages.stream(params).finalMessage();
    expect(message).toMatchObject({ content: [], stop_reason: 'end_turn' });
  });

  it('throws the error event of a stream that failed mid-way', async () => {
    const client = await startServer({
      kind: 'stream',
      chunks: [createChunk({ content: 'Partial' })],
      failure: upstreamError('The upstream closed the connection.', 'disconnected'),
    });
    await expect(client.messages.stream(params).finalMessage()).rejects.toMatchObject({
      type: 'api_error',
      message: expect.stringContaining('The upstream closed the connection.'),
    });
  });

  it('reads a whole answer', async () => {
    const client = await startServer({
      kind: 'whole',
      completion: {
        id: 'chatcmpl-1',
        object: 'chat.completion',
        created: 1,
        model: 'llama3.2:3b',
        choices: [{ index: 0, message: { role: 'assistant', content: 'It is 18C.' }, logprobs: null, finish_reason: 'stop' }],
        usage,
      },
    });
    const message = await client.messages.create(params);
    expect(message).toMatchObject({ type: 'message', content: [{ type: 'text', text: 'It is 18C.' }], usage: { input_tokens: 12, output_tokens: 7 } });
  });

  it('raises a rendered error as the SDK error of its status and type', async () => {
    const client = await startServer({ kind: 'error', error: missingField('max_tokens') });
    await expect(client.messages.create(params)).rejects.toMatchObject({
      constructor: Anthropic.BadRequestError,
      status: 400,
      type: 'invalid_request_error',
      message: expect.stringContaining("Missing required parameter: 'max_tokens'."),
    });
  });
});
