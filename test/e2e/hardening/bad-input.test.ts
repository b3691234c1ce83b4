/**
 * Malformed and hostile requests: each gets the right 4xx, OpenAI-shaped, whose `param` or
 * message names the problem; none reaches the upstream; the process keeps serving.
 */
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { closeAfterAll } from '../../support/close-after.js';
import { startStandInOllama } from '../../support/stand-ins/stand-in-ollama.js';
import type { StandIn } from '../../support/stand-ins/stand-in-types.js';
import { startTestGateway, type TestGateway } from '../../support/gateway.js';
import { expectOpenAIError } from '../../support/openai-error.js';
import { postJson } from '../../support/post-json.js';
import { chat, OLLAMA_MODEL } from './traffic.js';

const BODY_LIMIT_MB = 12;
const megabytes = (count: number) => 'x'.repeat(count * 1024 * 1024);
const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const base = chat(OLLAMA_MODEL);
const message = (fields: Record<string, unknown>) => ({ ...base, messages: [{ role: 'user', content: 'hi', ...fields }] });

interface Case {
  name: string;
  /** An object is sent as JSON; a string or bytes as they are. */
  body: unknown;
  path?: string;
  headers?: Record<string, string>;
  status: number;
  code: string;
  /** The `param` the error must name. */
  param?: string;
  /** Text the message must contain. */
  mentions?: string | RegExp;
}

const cases: Case[] = [
  // The body as a whole
  { name: 'invalid JSON', body: '{"model": "llama3.2:1b", "messages": [', status: 400, code: 'invalid_json', mentions: 'not valid JSON' },
  { name: 'an empty body', body: '', status: 400, code: 'invalid_json', mentions: 'empty' },
  { name: 'a JSON array', body: '[]', status: 400, code: 'invalid_json', mentions: 'JSON object' },
  { name: 'a JSON string', body: '"hello"', status: 400, code: 'invalid_json', mentions: 'JSON object' },
  { name: 'JSON null', body: 'null', status: 400, code: 'invalid_json', mentions: 'JSON object' },
  { name: 'a NaN literal for temperature', body: `{"model":"${OLLAMA_MODEL}","messages":[{"role":"user","content":"hi"}],"temperature":NaN}`, status: 400, code: 'invalid_json' },
  { name: 'trailing garbage after the object', body: `${JSON.stringify(base)} trailing`, status: 400, code: 'invalid_json' },
  { name: 'invalid UTF-8', body: Buffer.concat([Buffer.from(`{"model":"${OLLAMA_MODEL}","messages":[{"role":"user","content":"`), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"}]}')]), status: 400, code: 'invalid_json', mentions: 'UTF-8' },
  { name: 'objects nested 100 000 deep', body: `{"model":"${OLLAMA_MODEL}","messages":[{"role":"user","content":"hi"}],"options":{"x":${nested(100_000)}}}`, status: 400, code: 'nesting_too_deep', mentions: 'levels deep' },
  { name: 'message content nested 100 deep', body: `{"model":"${OLLAMA_MODEL}","messages":[{"role":"user","content":${nested(100)}}]}`, status: 400, code: 'nesting_too_deep' },
  { name: `a ${BODY_LIMIT_MB + 1} MB string (over body_limit)`, body: { ...base, messages: [{ role: 'user', content: megabytes(BODY_LIMIT_MB + 1) }] }, status: 413, code: 'request_too_large' },
  { name: 'a gzip body that is not gzip', body: 'not gzip at all', headers: { 'content-encoding': 'gzip' }, status: 400, code: 'invalid_request' },
  { name: 'an unsupported Content-Encoding', body: JSON.stringify(base), headers: { 'content-encoding': 'compress' }, status: 415, code: 'unsupported_encoding', mentions: 'compress' },
  { name: `a gzip body that inflates over body_limit`, body: gzipSync(JSON.stringify({ ...base, pad: megabytes(BODY_LIMIT_MB + 1) })), headers: { 'content-encoding': 'gzip' }, status: 413, code: 'request_too_large' },
  // model
  { name: 'no model', body: { messages: base.messages }, status: 400, code: 'missing_field', param: 'model' },
  { name: 'an empty model', body: { ...base, model: '' }, status: 400, code: 'missing_field', param: 'model' },
  { name: 'a number as model', body: { ...base, model: 42 }, status: 400, code: 'invalid_type', param: 'model' },
  { name: 'an object as model', body: { ...base, model: { id: OLLAMA_MODEL } }, status: 400, code: 'invalid_type', param: 'model' },
  { name: 'CR/LF in the model', body: { ...base, model: `${OLLAMA_MODEL}\r\nX-Injected: yes` }, status: 400, code: 'invalid_value', param: 'model', mentions: 'control characters' },
  { name: 'a NUL byte in the model', body: { ...base, model: `${OLLAMA_MODEL}\u0000` }, status: 400, code: 'invalid_value', param: 'model' },
  { name: 'a Unicode line separator in the model', body: { ...base, model: `${OLLAMA_MODEL}\u2028` }, status: 400, code: 'invalid_value', param: 'model' },
  { name: 'a 300-character model', body: { ...base, model: 'm'.repeat(300) }, status: 400, code: 'invalid_value', param: 'model' },
  { name: '../ in the model', body: { ...base, model: '../../../etc/passwd' }, status: 404, code: 'model_not_found', param: 'model', mentions: '../../../etc/passwd' },
  { name: 'an encoded ../ in the model', body: { ...base, model: '..%2F..%2Fapi%2Fdelete' }, status: 404, code: 'model_not_found', param: 'model' },
  { name: 'an unknown model', body: { ...base, model: 'no-such-model:7b' }, status: 404, code: 'model_not_found', param: 'model' },
  // messages
  { name: 'no messages', body: { model: OLLAMA_MODEL }, status: 400, code: 'missing_field', param: 'messages' },
  { name: 'empty messages', body: { ...base, messages: [] }, status: 400, code: 'invalid_value', param: 'messages', mentions: 'empty' },
  { name: 'messages as a string', body: { ...base, messages: 'hi' }, status: 400, code: 'invalid_type', param: 'messages' },
  { name: 'a message that is a string', body: { ...base, messages: ['hi'] }, status: 400, param: 'messages[0]', code: 'invalid_type' },
  { name: 'an unknown role', body: message({ role: 'wizard' }), status: 400, code: 'invalid_value', param: 'messages[0].role', mentions: 'wizard' },
  { name: 'a message without a role', body: { ...base, messages: [{ content: 'hi' }] }, status: 400, code: 'missing_field', param: 'messages[0].role' },
  { name: 'numeric content', body: message({ content: 12 }), status: 400, code: 'invalid_type', param: 'messages[0].content' },
  { name: 'a content part of an unknown type', body: message({ content: [{ type: 'input_audio', input_audio: {} }] }), status: 400, code: 'invalid_value', param: 'messages[0].content[0].type' },
  { name: 'a text part without text', body: message({ content: [{ type: 'text' }] }), status: 400, code: 'missing_field', param: 'messages[0].content[0].text' },
  { name: 'tool call arguments as a number', body: { ...base, messages: [{ role: 'assistant', content: null, tool_calls: [{ id: 'a', type: 'function', function: { name: 'f', arguments: 5 } }] }, ...base.messages as unknown[]] }, status: 400, code: 'invalid_type', param: 'messages[0].tool_calls[0].function.arguments' },
  // sampling fields
  { name: 'negative max_tokens', body: { ...base, max_tokens: -1 }, status: 400, code: 'invalid_value', param: 'max_tokens' },
  { name: 'fractional max_tokens', body: { ...base, max_tokens: 1.5 }, status: 400, code: 'invalid_type', param: 'max_tokens' },
  { name: 'max_tokens as a string', body: { ...base, max_tokens: '100' }, status: 400, code: 'invalid_type', param: 'max_tokens' },
  { name: 'max_tokens of 1e999 (Infinity)', body: `{"model":"${OLLAMA_MODEL}","messages":[{"role":"user","content":"hi"}],"max_tokens":1e999}`, status: 400, code: 'invalid_type', param: 'max_tokens' },
  { name: 'negative max_completion_tokens', body: { ...base, max_completion_tokens: -5 }, status: 400, code: 'invalid_value', param: 'max_completion_tokens' },
  { name: 'temperature as a string', body: { ...base, temperature: 'hot' }, status: 400, code: 'invalid_type', param: 'temperature' },
  { name: 'temperature above 2', body: { ...base, temperature: 5 }, status: 400, code: 'invalid_value', param: 'temperature' },
  { name: 'negative temperature', body: { ...base, temperature: -0.1 }, status: 400, code: 'invalid_value', param: 'temperature' },
  { name: 'top_p above 1', body: { ...base, top_p: 1.5 }, status: 400, code: 'invalid_value', param: 'top_p' },
  { name: 'seed beyond a safe integer', body: { ...base, seed: 1e20 }, status: 400, code: 'invalid_value', param: 'seed' },
  { name: 'stream as a string', body: { ...base, stream: 'yes' }, status: 400, code: 'invalid_type', param: 'stream' },
  { name: 'stop as numbers', body: { ...base, stop: [1, 2] }, status: 400, code: 'invalid_type', param: 'stop[0]' },
  { name: '100 stop sequences', body: { ...base, stop: Array.from({ length: 100 }, (_, index) => `s${index}`) }, status: 400, code: 'invalid_value', param: 'stop', mentions: '16' },
  { name: 'n of 0', body: { ...base, n: 0 }, status: 400, code: 'invalid_value', param: 'n' },
  { name: 'n of 3 (Ollama makes one choice)', body: { ...base, n: 3 }, status: 400, code: 'invalid_value', param: 'n' },
  { name: 'tools as an object', body: { ...base, tools: { type: 'function' } }, status: 400, code: 'invalid_type', param: 'tools' },
  { name: 'a tool without a name', body: { ...base, tools: [{ type: 'function', function: { description: 'x' } }] }, status: 400, code: 'missing_field', param: 'tools[0].function.name' },
  { name: 'an unknown response_format', body: { ...base, response_format: { type: 'xml' } }, status: 400, code: 'invalid_value', param: 'response_format.type', mentions: 'xml' },
  { name: 'think as a number', body: { ...base, think: 3 }, status: 400, code: 'invalid_type', param: 'think' },
  // other endpoints
  { name: 'embeddings input as a number', path: '/v1/embeddings', body: { model: 'nomic-embed-text:latest', input: 42 }, status: 400, code: 'invalid_type', param: 'input' },
  { name: 'embeddings with an empty input list', path: '/v1/embeddings', body: { model: 'nomic-embed-text:latest', input: [] }, status: 400, code: 'invalid_value', param: 'input' },
  { name: 'an unknown embeddings encoding_format', path: '/v1/embeddings', body: { model: 'nomic-embed-text:latest', input: 'hi', encoding_format: 'hex' }, status: 400, code: 'invalid_value', param: 'encoding_format' },
  { name: 'a completion without a prompt', path: '/v1/completions', body: { model: OLLAMA_MODEL }, status: 400, code: 'missing_field', param: 'prompt' },
  { name: 'an unknown path', path: '/v1/../admin/secrets', body: base, status: 404, code: 'not_found' },
  { name: 'a model lookup with ../', path: '/v1/models/..%2F..%2Fetc%2Fpasswd', body: undefined, status: 404, code: 'model_not_found' },
];

const track = closeAfterAll();
let upstream: StandIn;
let target: TestGateway;

beforeAll(async () => {
  upstream = track(await startStandInOllama({ chunkDelayMs: 0 }));
  target = track(
    await startTestGateway({
      server: { body_limit: `${BODY_LIMIT_MB}mb` },
      connections: [{ name: 'local', mode: 'ollama', base_url: upstream.url, ollama_api: 'chat' }],
    }),
  );
});

function send(each: Case): Promise<Response> {
  const path = each.path ?? '/v1/chat/completions';
  if (each.body === undefined) return fetch(target.url + path);
  return postJson(target.url + path, each.body, { headers: each.headers });
}

/** Sends raw bytes over a socket; resolves with the status line and whatever came back. */
function sendRaw(bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port: target.port });
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
    socket.on('error', reject);
    socket.on('close', () => resolve(received));
    socket.end(bytes);
  });
}

describe('malformed and hostile requests', () => {
  it(`covers at least 40 cases`, () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });

  it.each(cases)('answers $name with $status $code', async (each) => {
    const before = upstream.requests.filter((request) => request.method === 'POST').length;
    const error = await expectOpenAIError(await send(each), { status: each.status, code: each.code });
    if (each.param !== undefined) {
      expect(error.param).toBe(each.param);
      if (each.status === 400) expect(error.message).toContain(each.param);
    }
    if (each.mentions !== undefined) expect(error.message).toMatch(each.mentions);
    expect(upstream.requests.filter((request) => request.method === 'POST').length).toBe(before);
    expect((await fetch(`${target.url}/health`)).status).toBe(200);
  });

  it('serves a 10 MB string under body_limit', async () => {
    const response = await send({ name: '', body: { ...base, messages: [{ role: 'user', content: megabytes(10) }] }, status: 200, code: '' });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { object: string }).object).toBe('chat.completion');
  });

  it('does not let a __proto__ key change the request', async () => {
    const response = await send({ name: '', body: `{"model":"${OLLAMA_MODEL}","messages":[{"role":"user","content":"hi"}],"__proto__":{"stream":true}}`, status: 200, code: '' });
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(((await response.json()) as { object: string }).object).toBe('chat.completion');
    expect(({} as Record<string, unknown>).stream).toBeUndefined();
  });

  it('answers headers over the size limit with 431, OpenAI-shaped, and keeps serving', async () => {
    const status = await new Promise<{ status: number | undefined; body: string }>((resolve, reject) => {
      const outgoing = httpRequest(`${target.url}/v1/models`, { headers: { 'x-padding': 'a'.repeat(64 * 1024) } }, (incoming) => {
        let body = '';
        incoming.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
        incoming.on('end', () => resolve({ status: incoming.statusCode, body }));
      });
      outgoing.on('error', reject);
      outgoing.end();
    });
    expect((await fetch(`${target.url}/health`)).status).toBe(200);
    expect(status.status).toBe(431);
    expect(JSON.parse(status.body)).toMatchObject({ error: { type: 'invalid_request_error', code: 'request_header_fields_too_large' } });
  });

  it('answers a header with a bare CR (header injection) with 400, OpenAI-shaped, and keeps serving', async () => {
    const answer = await sendRaw(`POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nX-Bad: a\rInjected: b\r\nContent-Length: 2\r\n\r\n{}`);
    expect((await fetch(`${target.url}/health`)).status).toBe(200);
    expect(answer.startsWith('HTTP/1.1 400')).toBe(true);
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toMatchObject({ error: { type: 'invalid_request_error' } });
  });

  it('stays up after every case above', async () => {
    expect((await fetch(`${target.url}/health`)).status).toBe(200);
    expect((await fetch(`${target.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(base) })).status).toBe(200);
  });
});
