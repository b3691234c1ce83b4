/**
 * Passthrough to OpenAI-compatible connections: the request and the answer travel
 * unaltered (but for `model` and `Authorization`), streams are not buffered, and breaks on
 * either side are handled.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { closeAfterEach } from '../../support/close-after.js';
import { within } from '../../support/eventually.js';
import { startFakeUpstream, type FakeUpstream } from '../../support/fake-upstream.js';
import { createGate } from '../../support/gate.js';
import { startTestGateway, type ConfigInput, type TestGateway } from '../../support/gateway.js';
import { openStream } from '../../support/open-stream.js';
import { expectOpenAIError } from '../../support/openai-error.js';
import { parseSse } from '../../support/parse-sse.js';

const track = closeAfterEach();
let upstream: FakeUpstream;
let gateway: TestGateway;

type OpenAICompatibleInput = Extract<NonNullable<ConfigInput['connections']>[number], { mode: 'openai_compatible' }>;

/** A fake vLLM serving `fake-model` and a gateway with one passthrough connection to it. */
async function startPair(connection: Partial<OpenAICompatibleInput> = {}, extra: Partial<ConfigInput> = {}): Promise<void> {
  upstream = track(await startFakeUpstream({ models: ['fake-model'] }));
  gateway = track(
    await startTestGateway({
      connections: [{ name: 'vllm', mode: 'openai_compatible', base_url: upstream.baseUrl, ...connection }],
      ...extra,
    }),
  );
}

function onlyInference(): NonNullable<FakeUpstream['requests'][number]> {
  const requests = upstream.inferenceRequests();
  expect(requests).toHaveLength(1);
  return requests[0]!;
}

describe('the request upstream', () => {
  it('carries the client body byte for byte when the model id is unchanged', async () => {
    await startPair();
    const raw = '{"model":"fake-model",  "messages":[{"role":"user","content":"héllo \\u00e9"}],\n "temperature":0.50, "vendor_field":{"keep":[1,2.0,true]} }';
    await request(gateway.url).post('/v1/chat/completions').set('content-type', 'application/json').send(raw).expect(200);
    expect(onlyInference().body.toString('utf8')).toBe(raw);
  });

  it('carries the client headers unaltered', async () => {
    await startPair();
    await request(gateway.url)
      .post('/v1/chat/completions')
      .set('content-type', 'application/json')
      .set('user-agent', 'OpenAI/Python 1.99.0')
      .set('openai-organization', 'org-123')
      .set('x-stainless-lang', 'python')
      .set('accept', 'application/json')
      .send({ model: 'fake-model', messages: [] })
      .expect(200);
    expect(onlyInference().headers).toMatchObject({
      'content-type': 'application/json',
      'user-agent': 'OpenAI/Python 1.99.0',
      'openai-organization': 'org-123',
      'x-stainless-lang': 'python',
      accept: 'application/json',
    });
  });

  it('carries a gzip-compressed body upstream so that its Content-Encoding still describes it', async () => {
    await startPair();
    const sent = { model: 'fake-model', messages: [{ role: 'user', content: 'hi' }] };
    const response = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: gzipSync(JSON.stringify(sent)),
    });
    expect(response.status).toBe(200);
    const received = onlyInference();
    const declaresGzip = received.headers['content-encoding'] === 'gzip';
    const isGzip = received.body[0] === 0x1f && received.body[1] === 0x8b;
    expect({ declaresGzip, isGzip }).toEqual({ declaresGzip: isGzip, isGzip });
    expect(JSON.parse((isGzip ? gunzipSync(received.body) : received.body).toString('utf8'))).toEqual(sent);
  });

  it.each([
    ['/v1/chat/completions', '/v1/chat/completions'],
    ['/chat/completions', '/v1/chat/completions'],
    ['/v1/completions', '/v1/completions'],
    ['/completions', '/v1/completions'],
    ['/v1/embeddings', '/v1/embeddings'],
    ['/embeddings', '/v1/embeddings'],
  ])('sends POST %s to the base URL path %s', async (path, upstreamPath) => {
    await startPair();
    await request(gateway.url).post(path).send({ model: 'fake-model', input: 'x', prompt: 'x' }).expect(200);
    expect(onlyInference()).toMatchObject({ method: 'POST', url: upstreamPath });
  });

  it('keeps the query string', async () => {
    await startPair();
    await request(gateway.url).post('/v1/chat/completions?api-version=2024-06-01').send({ model: 'fake-model', messages: [] }).expect(200);
    expect(onlyInference().url).toBe('/v1/chat/completions?api-version=2024-06-01');
  });

  it("replaces the client's Authorization with the connection's api_key", async () => {
    await startPair({ api_key: 'upstream-secret' });
    await request(gateway.url).post('/v1/chat/completions').set('authorization', 'Bearer client-key').send({ model: 'fake-model', messages: [] }).expect(200);
    expect(onlyInference().headers.authorization).toBe('Bearer upstream-secret');
  });

  it("removes the client's Authorization when the connection has no api_key", async () => {
    await startPair();
    await request(gateway.url).post('/v1/chat/completions').set('authorization', 'Bearer client-key').send({ model: 'fake-model', messages: [] }).expect(200);
    expect(onlyInference().headers.authorization).toBeUndefined();
  });

  it('does not forward the gateway key when the gateway checks api_keys', async () => {
    await startPair({}, { server: { api_keys: ['gateway-key'] } });
    await request(gateway.url).post('/v1/chat/completions').set('authorization', 'Bearer gateway-key').send({ model: 'fake-model', messages: [] }).expect(200);
    expect(onlyInference().headers.authorization).toBeUndefined();
  });

  it("adds the connection's extra headers", async () => {
    await startPair({ headers: { 'x-tenant': 'team-a' } });
    await request(gateway.url).post('/v1/chat/completions').send({ model: 'fake-model', messages: [] }).expect(200);
    expect(onlyInference().headers['x-tenant']).toBe('team-a');
  });

  it('rewrites only the model field when the public id differs from the upstream id', async () => {
    await startPair({}, { models: [{ name: 'public-name', connection: 'vllm', model: 'Qwen/Qwen2.5-0.5B-Instruct' }] });
    const sent = { model: 'public-name', messages: [{ role: 'user', content: 'hi' }], temperature: 0.5, vendor_field: { keep: true } };
    await request(gateway.url).post('/v1/chat/completions').send(sent).expect(200);
    expect(JSON.parse(onlyInference().body.toString('utf8'))).toEqual({ ...sent, model: 'Qwen/Qwen2.5-0.5B-Instruct' });
  });
});

describe('the answer to the client', () => {
  it('is the upstream body byte for byte, with the upstream headers', async () => {
    await startPair();
    const answer = '{"id":"chatcmpl-1",   "object":"chat.completion","choices":[],"vendor":{"x":1.50}}';
    upstream.handle = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'x-upstream-header': 'kept', 'content-length': String(Buffer.byteLength(answer)) });
      res.end(answer);
    };
    const response = await request(gateway.url).post('/v1/chat/completions').send({ model: 'fake-model', messages: [] }).buffer(true).parse((res, done) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => done(null, text));
    });
    expect(response.status).toBe(200);
    expect(response.body).toBe(answer);
    expect(response.headers['x-upstream-header']).toBe('kept');
  });

  it.each([
    [400, { error: { message: "'messages' is a required property", type: 'BadRequestError', param: null, code: 400 } }, {}],
    [404, { error: { message: 'The model `other` does not exist.', type: 'NotFoundError', param: null, code: 404 } }, {}],
    [422, { detail: [{ loc: ['body', 'messages'], msg: 'Field required', type: 'missing' }] }, {}],
    [429, { error: { message: 'Too many requests', type: 'rate_limit_error', param: null, code: 'rate_limit_exceeded' } }, { 'retry-after': '7' }],
  ])('passes an upstream %i through with its body as sent', async (status, body, headers: Record<string, string>) => {
    await startPair();
    upstream.handle = (_req, res) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    const response = await request(gateway.url).post('/v1/chat/completions').send({ model: 'fake-model', messages: [] });
    expect(response.status).toBe(status);
    expect(response.body).toEqual(body);
    for (const [name, value] of Object.entries(headers)) expect(response.headers[name]).toBe(value);
  });

  it('passes an upstream 500 through as sent when no other connection serves the model', async () => {
    await startPair();
    upstream.handle = (_req, res) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end('{"error":{"message":"CUDA out of memory","type":"InternalServerError","param":null,"code":500}}');
    };
    const response = await request(gateway.url).post('/v1/chat/completions').send({ model: 'fake-model', messages: [] });
    expect(response.status).toBe(500);
    expect(response.body.error.message).toBe('CUDA out of memory');
  });
});

describe('timeouts', () => {
  it('answers 504 upstream_timeout when the upstream sends nothing within timeout_ms', async () => {
    await startPair({ timeout_ms: 300 });
    upstream.handle = () => undefined; // never answers
    const response = await request(gateway.url).post('/v1/chat/completions').send({ model: 'fake-model', messages: [] });
    expect(response.status).toBe(504);
    await expectOpenAIError(response.body, { type: 'upstream_error', code: 'upstream_timeout' });
  });
});

describe('streaming', () => {
  const first = 'data: {"id":"chatcmpl-1","choices":[{"index":0,"delta":{"role":"assistant","content":"Hel"}}]}\n\n';
  const second = 'data: {"id":"chatcmpl-1","choices":[{"index":0,"delta":{"content":"lo"},"finish_reason":"stop"}]}\n\n';
  const done = 'data: [DONE]\n\n';
  const streamRequest = { model: 'fake-model', stream: true, messages: [{ role: 'user', content: 'hi' }] };

  it('delivers the first chunk while the upstream still holds back the next', async () => {
    await startPair();
    const release = createGate();
    upstream.handle = async (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(first);
      await release.promise;
      res.write(second);
      res.end(done);
    };
    const stream = openStream(`${gateway.url}/v1/chat/completions`, streamRequest);
    await stream.waitFor(first);
    expect(stream.text()).toBe(first);
    release.open();
    expect(await within(stream.ended, 5000, 'the end of the stream')).toBe(first + second + done);
  });

  it('keeps the text/event-stream content type', async () => {
    await startPair();
    upstream.handle = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8' });
      res.end(first + done);
    };
    const stream = openStream(`${gateway.url}/v1/chat/completions`, streamRequest);
    expect((await stream.head).headers['content-type']).toBe('text/event-stream; charset=utf-8');
    await stream.ended;
  });

  it('ends with the bytes received so far and then an error frame when the upstream breaks mid-stream', async () => {
    await startPair();
    const clientHasFirst = createGate();
    upstream.handle = async (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(first);
      await clientHasFirst.promise;
      res.socket?.destroy();
    };
    const stream = openStream(`${gateway.url}/v1/chat/completions`, streamRequest);
    await stream.waitFor(first);
    clientHasFirst.open();
    const text = await within(stream.ended, 5000, 'the end of the stream');
    expect(text.startsWith(first)).toBe(true);
    const frames = parseSse(text.slice(first.length));
    expect(frames).toHaveLength(1);
    expect(frames[0]).toEqual({ error: { message: expect.any(String), type: 'upstream_error', param: null, code: expect.any(String) } });
  });

  it('ends a stream with an upstream_timeout error frame when the upstream stalls longer than idle_timeout_ms', async () => {
    await startPair({ idle_timeout_ms: 200 });
    upstream.handle = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(first);
    };
    const stream = openStream(`${gateway.url}/v1/chat/completions`, streamRequest);
    const text = await within(stream.ended, 5000, 'the end of the stream');
    expect(text.startsWith(first)).toBe(true);
    expect(parseSse(text.slice(first.length))).toEqual([{ error: expect.objectContaining({ type: 'upstream_error', code: 'upstream_timeout' }) }]);
  });

  it('closes the upstream request when the client disconnects before the answer started', async () => {
    await startPair();
    const arrived = createGate();
    // A chat that is never answered: a cold model load (load polls are GETs and wait too).
    upstream.handle = (req) => {
      if (req.method === 'POST') arrived.open();
    };
    const stream = openStream(`${gateway.url}/v1/chat/completions`, streamRequest);
    await within(arrived.promise, 5000, 'the request to reach the upstream');
    stream.destroy();
    const upstreamRequest = onlyInference();
    await within(upstreamRequest.closed, 5000, 'the upstream request to close');
    expect(upstreamRequest.closedEarly).toBe(true);
  });

  it('closes the upstream request when the client disconnects', async () => {
    await startPair();
    upstream.handle = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(first);
      // and then nothing: a long generation the client stops
    };
    const stream = openStream(`${gateway.url}/v1/chat/completions`, streamRequest);
    await stream.waitFor(first);
    stream.destroy();
    const upstreamRequest = onlyInference();
    await within(upstreamRequest.closed, 5000, 'the upstream request to close');
    expect(upstreamRequest.closedEarly).toBe(true);
  });
});
