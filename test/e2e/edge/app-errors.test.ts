/**
 * Errors the gateway itself produces are OpenAI-shaped everywhere: unknown routes,
 * unreadable bodies, bodies over body_limit, unknown models.
 */
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { closeAfterAll } from '../../support/close-after.js';
import { startTestGateway, type TestGateway } from '../../support/gateway.js';
import { startFakeUpstream, type FakeUpstream } from '../../support/fake-upstream.js';
import { expectOpenAIError } from '../../support/openai-error.js';

const track = closeAfterAll();
let upstream: FakeUpstream;
let gateway: TestGateway;

beforeAll(async () => {
  upstream = track(await startFakeUpstream({ models: ['fake-model'] }));
  gateway = track(await startTestGateway({
    server: { body_limit: '1kb' },
    connections: [{ name: 'vllm', mode: 'openai_compatible', base_url: upstream.baseUrl }],
  }));
});

const postRoutes = ['/v1/chat/completions', '/v1/completions', '/v1/embeddings', '/chat/completions', '/completions', '/embeddings'];

describe('unknown routes', () => {
  it.each([
    ['GET', '/'],
    ['GET', '/v1'],
    ['GET', '/v1/nothing-here'],
    ['POST', '/v1/assistants'],
    ['POST', '/v1/models'],
    ['GET', '/v1/chat/completions'],
    ['DELETE', '/v1/models/fake-model'],
  ])('answers %s %s with an OpenAI-shaped 404', async (method, path) => {
    const response = await request(gateway.url)[method.toLowerCase() as 'get' | 'post' | 'delete'](path).send();
    expect(response.status).toBe(404);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    await expectOpenAIError(response.body, { type: 'invalid_request_error', code: 'not_found' });
    expect(response.body.error.message).toContain(path);
  });
});

describe('request bodies', () => {
  it.each([
    ['truncated JSON', '{"model": "fake-model", "messages": ['],
    ['plain text', 'hello'],
    ['an empty body', ''],
    ['a JSON array', '[{"model":"fake-model"}]'],
    ['a JSON string', '"fake-model"'],
  ])('answers %s with 400 invalid_json', async (_name, body) => {
    const response = await request(gateway.url).post('/v1/chat/completions').set('content-type', 'application/json').send(body);
    expect(response.status).toBe(400);
    await expectOpenAIError(response.body, { type: 'invalid_request_error', code: 'invalid_json' });
  });

  it('answers bytes that are not UTF-8 with 400 invalid_json', async () => {
    const response = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
    });
    expect(response.status).toBe(400);
    await expectOpenAIError(await response.json(), { type: 'invalid_request_error', code: 'invalid_json' });
  });

  it.each(postRoutes)('answers invalid JSON on %s with 400 invalid_json', async (path) => {
    const response = await request(gateway.url).post(path).set('content-type', 'application/json').send('{not json');
    expect(response.status).toBe(400);
    await expectOpenAIError(response.body, { type: 'invalid_request_error', code: 'invalid_json' });
  });

  it('answers a body without model with 400 missing_field naming model', async () => {
    const response = await request(gateway.url).post('/v1/chat/completions').send({ messages: [] });
    expect(response.status).toBe(400);
    await expectOpenAIError(response.body, { type: 'invalid_request_error', code: 'missing_field', param: 'model' });
    expect(response.body.error.message).toContain('model');
  });

  it('answers a model that is not a string with 400 naming model', async () => {
    const response = await request(gateway.url).post('/v1/chat/completions').send({ model: 42, messages: [] });
    expect(response.status).toBe(400);
    await expectOpenAIError(response.body, { type: 'invalid_request_error', code: expect.any(String) as unknown as string, param: 'model' });
  });

  it.each(postRoutes)('answers a body over body_limit on %s with 413 request_too_large', async (path) => {
    const body = JSON.stringify({ model: 'fake-model', messages: [{ role: 'user', content: 'x'.repeat(2048) }] });
    const response = await request(gateway.url).post(path).set('content-type', 'application/json').send(body);
    expect(response.status).toBe(413);
    await expectOpenAIError(response.body, { type: 'invalid_request_error', code: 'request_too_large' });
  });

  it('does not send a body over body_limit upstream', async () => {
    const before = upstream.inferenceRequests().length;
    await request(gateway.url)
      .post('/v1/chat/completions')
      .set('content-type', 'application/json')
      .send(JSON.stringify({ model: 'fake-model', prompt: 'x'.repeat(4096) }))
      .expect(413);
    expect(upstream.inferenceRequests()).toHaveLength(before);
  });

  it('accepts a body just under body_limit', async () => {
    const body = JSON.stringify({ model: 'fake-model', messages: [{ role: 'user', content: 'x'.repeat(900) }] });
    await request(gateway.url).post('/v1/chat/completions').set('content-type', 'application/json').send(body).expect(200);
  });
});

describe('models', () => {
  it('answers an unknown model with 404 model_not_found naming it', async () => {
    const response = await request(gateway.url).post('/v1/chat/completions').send({ model: 'no-such-model', messages: [] });
    expect(response.status).toBe(404);
    await expectOpenAIError(response.body, { type: 'invalid_request_error', code: 'model_not_found', param: 'model' });
    expect(response.body.error.message).toContain('no-such-model');
  });

  it('answers GET /v1/models/{unknown} with 404 model_not_found', async () => {
    const response = await request(gateway.url).get('/v1/models/no-such-model');
    expect(response.status).toBe(404);
    await expectOpenAIError(response.body, { type: 'invalid_request_error', code: 'model_not_found' });
  });
});
