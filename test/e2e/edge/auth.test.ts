/**
 * `server.api_keys`: a missing or wrong bearer token gets 401 invalid_api_key; /health,
 * /ready and /metrics answer without one; no keys means no authentication.
 */
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { closeAfterAll, closeAfterEach } from '../../support/close-after.js';
import { startTestGateway, type TestGateway } from '../../support/gateway.js';
import { startFakeUpstream, type FakeUpstream } from '../../support/fake-upstream.js';
import { expectOpenAIError } from '../../support/openai-error.js';

const track = closeAfterAll();
const trackForTest = closeAfterEach();
let upstream: FakeUpstream;
let gateway: TestGateway;

beforeAll(async () => {
  upstream = track(await startFakeUpstream({ models: ['fake-model'] }));
  gateway = track(await startTestGateway({
    server: { api_keys: ['sk-first', { key: 'sk-second' }] },
    connections: [{ name: 'vllm', mode: 'openai_compatible', base_url: upstream.baseUrl }],
  }));
});

const chatBody = { model: 'fake-model', messages: [{ role: 'user', content: 'hi' }] };

describe('with api_keys set', () => {
  it.each([
    ['no Authorization header', undefined],
    ['a wrong key', 'Bearer sk-wrong'],
    ['a key that is a prefix of a real one', 'Bearer sk-firs'],
    ['the key without the Bearer scheme', 'sk-first'],
    ['Basic authentication', `Basic ${Buffer.from('user:sk-first').toString('base64')}`],
    ['an empty bearer token', 'Bearer '],
  ])('answers 401 invalid_api_key to a chat request with %s', async (_name, authorization) => {
    const call = request(gateway.url).post('/v1/chat/completions');
    if (authorization !== undefined) call.set('authorization', authorization);
    const response = await call.send(chatBody);
    expect(response.status).toBe(401);
    await expectOpenAIError(response.body, { type: 'invalid_request_error', code: 'invalid_api_key' });
  });

  it.each([
    ['GET', '/v1/models'],
    ['GET', '/v1/models/fake-model'],
    ['POST', '/v1/completions'],
    ['POST', '/v1/embeddings'],
  ])('answers 401 to %s %s without a key', async (method, path) => {
    const response = await request(gateway.url)[method === 'GET' ? 'get' : 'post'](path).send(method === 'GET' ? undefined : chatBody);
    expect(response.status).toBe(401);
    await expectOpenAIError(response.body, { type: 'invalid_request_error', code: 'invalid_api_key' });
  });

  it('does not send a request with a wrong key upstream', async () => {
    const before = upstream.inferenceRequests().length;
    await request(gateway.url).post('/v1/chat/completions').set('authorization', 'Bearer sk-wrong').send(chatBody).expect(401);
    expect(upstream.inferenceRequests()).toHaveLength(before);
  });

  it.each([
    ['the first key', 'Bearer sk-first'],
    ['a key given in object form', 'Bearer sk-second'],
    ['a lower-case scheme', 'bearer sk-first'],
  ])('accepts %s', async (_name, authorization) => {
    await request(gateway.url).post('/v1/chat/completions').set('authorization', authorization).send(chatBody).expect(200);
  });

  it('accepts the key on GET /v1/models', async () => {
    const response = await request(gateway.url).get('/v1/models').set('authorization', 'Bearer sk-first').expect(200);
    expect(response.body.data.map((model: { id: string }) => model.id)).toEqual(['fake-model']);
  });

  it.each([
    ['/health', 200],
    ['/ready', 200],
    ['/metrics', 200],
  ])('answers %s without a key', async (path, status) => {
    await request(gateway.url).get(path).expect(status);
  });
});

describe('with no api_keys', () => {
  it('serves requests without any Authorization header', async () => {
    const open = trackForTest(await startTestGateway({ connections: [{ name: 'vllm', mode: 'openai_compatible', base_url: upstream.baseUrl }] }));
    await request(open.url).post('/v1/chat/completions').send(chatBody).expect(200);
  });
});
