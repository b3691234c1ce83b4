/**
 * A minimal `/v1/responses` server made of the Responses front door and nothing else, so
 * that real clients can be pointed at exactly what the translators emit. A scripted model
 * stands in for the backend: it calls the first tool it is offered, reports a tool's
 * output when given one, answers `{"said": …}` when asked for a JSON schema, and otherwise
 * echoes the last user text; always with some reasoning first.
 * Responses are kept in memory so `previous_response_id` and `retrieve` work.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ChatCompletion, ChatCompletionChunk, ChatCompletionRequest, ChatMessage } from '../../../core/openai-types.js';
import { upstreamTimeout, isGatewayError } from '../../../core/gateway-error.js';
import { continueConversation, responsesFront, toStored, type StoredResponse } from '../../../fronts/responses/index.js';
import { validateRequest } from '../../../src/edge/validate-request.js';

export interface ResponsesServer {
  baseURL: string;
  /** The chat requests the front door produced, in order. */
  chatRequests: ChatCompletionRequest[];
  close(): Promise<void>;
}

export interface ServerOptions {
  /** Break every stream after this many chunks, as an upstream timeout would. */
  failStreamsAfter?: number;
}

interface Reply {
  reasoning: string;
  text: string;
  toolCall?: { id: string; name: string; arguments: string };
}

function readText(message: ChatMessage | undefined): string {
  const content = message?.content;
  if (typeof content === 'string') return content;
  return (content ?? []).map((part) => (part.type === 'text' ? part.text : '')).join('');
}

function think(chat: ChatCompletionRequest): Reply {
  const last = chat.messages.at(-1);
  if (last?.role === 'tool') return { reasoning: 'The tool answered.', text: `The tool returned: ${readText(last)}` };
  const tool = chat.tools?.[0];
  if (tool) return { reasoning: 'A tool can answer this.', text: '', toolCall: { id: 'call_7', name: tool.function.name, arguments: '{"city":"Paris"}' } };
  if (chat.response_format?.type === 'json_schema') return { reasoning: 'JSON is wanted.', text: JSON.stringify({ said: readText(last) }) };
  return { reasoning: 'The user said something.', text: `Hello! You said: ${readText(last)}` };
}

const usage = { prompt_tokens: 11, completion_tokens: 7, total_tokens: 18 };

function toCompletion(reply: Reply): ChatCompletion {
  const call = reply.toolCall;
  const toolCalls = call ? [{ id: call.id, type: 'function' as const, function: { name: call.name, arguments: call.arguments } }] : undefined;
  return {
    id: 'chatcmpl-1',
    object: 'chat.completion',
    created: 1,
    model: 'chat',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: reply.text || null, reasoning_content: reply.reasoning, ...(toolCalls ? { tool_calls: toolCalls } : {}) },
        logprobs: null,
        finish_reason: toolCalls ? 'tool_calls' : 'stop',
      },
    ],
    usage,
  };
}

/** The reply in small pieces, as a backend streams it: text in 4-character deltas, arguments in two fragments. */
function toChunks(reply: Reply): ChatCompletionChunk[] {
  type Choice = ChatCompletionChunk['choices'][number];
  const chunk = (delta: Choice['delta'], finish: Choice['finish_reason'] = null): ChatCompletionChunk => ({
    id: 'chatcmpl-1',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'chat',
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
  });
  const chunks = [chunk({ role: 'assistant', content: '' }), chunk({ reasoning_content: reply.reasoning })];
  for (let start = 0; start < reply.text.length; start += 4) chunks.push(chunk({ content: reply.text.slice(start, start + 4) }));
  if (reply.toolCall) {
    const { id, name, arguments: args } = reply.toolCall;
    const middle = Math.floor(args.length / 2);
    chunks.push(chunk({ tool_calls: [{ index: 0, id, type: 'function', function: { name, arguments: args.slice(0, middle) } }] }));
    chunks.push(chunk({ tool_calls: [{ index: 0, function: { arguments: args.slice(middle) } }] }));
  }
  chunks.push(chunk({}, reply.toolCall ? 'tool_calls' : 'stop'));
  chunks.push({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'chat', choices: [], usage });
  return chunks;
}

async function readBody(request: IncomingMessage): Promise<unknown> {
  const parts: Buffer[] = [];
  for await (const part of request) parts.push(part as Buffer);
  return JSON.parse(Buffer.concat(parts).toString('utf8'));
}

export async function startResponsesServer(options: ServerOptions = {}): Promise<ResponsesServer> {
  const stored = new Map<string, StoredResponse>();
  const chatRequests: ChatCompletionRequest[] = [];
  let count = 0;

  async function answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const retrieved = /^\/v1\/responses\/([^/]+)$/.exec(request.url ?? '');
    if (request.method === 'GET' && retrieved) {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(stored.get(retrieved[1]!)?.response));
      return;
    }
    const body = validateRequest(responsesFront.schema, await readBody(request));
    const context = { publicModel: body.model, responseId: `resp_${++count}`, now: 1_750_000_000 };
    const previous = body.previous_response_id ? stored.get(body.previous_response_id) : undefined;
    const chat = responsesFront.toChat(continueConversation(previous, body), context);
    chatRequests.push(chat);
    const reply = think(chat);
    if (!responsesFront.isStream(body)) {
      const result = responsesFront.fromChat(toCompletion(reply), body, context);
      stored.set(result.id, toStored(body, result, previous?.conversation));
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result));
      return;
    }
    const stream = responsesFront.stream(body, context);
    response.writeHead(200, { 'content-type': responsesFront.streamContentType });
    const chunks = toChunks(reply);
    const sent = chunks.slice(0, options.failStreamsAfter ?? chunks.length);
    for (const chunk of sent) response.write(stream.push(chunk).join(''));
    response.end((sent.length < chunks.length ? stream.fail(upstreamTimeout()) : stream.end()).join(''));
    const result = stream.result();
    if (result) stored.set(result.id, toStored(body, result, previous?.conversation));
  }

  const server = createServer((request, response) => {
    answer(request, response).catch((error: unknown) => {
      if (!isGatewayError(error)) {
        response.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
        return;
      }
      const rendered = responsesFront.renderError(error);
      response.writeHead(rendered.status, { 'content-type': 'application/json', ...rendered.headers }).end(JSON.stringify(rendered.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    chatRequests,
    close: () =>
      new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
