/**
 * CORS headers only for the browser origins in `server.cors_origins`.
 */
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { closeAfterEach } from '../../support/close-after.js';
import { startTestGateway, type ConfigInput, type TestGateway } from '../../support/gateway.js';
import { sendJson, startFakeUpstream } from '../../support/fake-upstream.js';

const allowed = 'http://localhost:3000';
const stranger = 'https://evil.example';
const track = closeAfterEach();

async function gatewayWith(server: ConfigInput['server']): Promise<TestGateway> {
  return track(await startTestGateway({ server }));
}

describe('a simple request', () => {
  it('gets Access-Control-Allow-Origin for a configured origin', async () => {
    const running = await gatewayWith({ cors_origins: [allowed] });
    const response = await request(running.url).get('/v1/models').set('origin', allowed).expect(200);
    expect(response.headers['access-control-allow-origin']).toBe(allowed);
    expect(response.headers.vary).toMatch(/origin/i);
  });

  it('gets no CORS headers from an origin that is not configured', async () => {
    const running = await gatewayWith({ cors_origins: [allowed] });
    const response = await request(running.url).get('/v1/models').set('origin', stranger).expect(200);
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('gets no CORS headers when cors_origins is empty', async () => {
    const running = await gatewayWith({});
    const response = await request(running.url).get('/v1/models').set('origin', allowed).expect(200);
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('gets no CORS headers for an origin that only starts like a configured one', async () => {
    const running = await gatewayWith({ cors_origins: [allowed] });
    const response = await request(running.url).get('/v1/models').set('origin', `${allowed}.evil.example`).expect(200);
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('gets Access-Control-Allow-Origin: * when cors_origins holds "*"', async () => {
    const running = await gatewayWith({ cors_origins: ['*'] });
    const response = await request(running.url).get('/v1/models').set('origin', stranger).expect(200);
    expect(response.headers['access-control-allow-origin']).toBe('*');
  });

  it('gets CORS headers on an error, so the browser can read it', async () => {
    const running = await gatewayWith({ cors_origins: [allowed], api_keys: ['sk-key'] });
    const response = await request(running.url).get('/v1/models').set('origin', allowed).expect(401);
    expect(response.headers['access-control-allow-origin']).toBe(allowed);
  });
});

describe('a preflight request', () => {
  it('is answered for a configured origin, without an API key', async () => {
    const running = await gatewayWith({ cors_origins: [allowed], api_keys: ['sk-key'] });
    const response = await request(running.url)
      .options('/v1/chat/completions')
      .set('origin', allowed)
      .set('access-control-request-method', 'POST')
      .set('access-control-request-headers', 'authorization, content-type');
    expect(response.status).toBeLessThan(300);
    expect(response.headers['access-control-allow-origin']).toBe(allowed);
    expect(response.headers['access-control-allow-methods']).toContain('POST');
    expect(response.headers['access-control-allow-headers']?.toLowerCase()).toContain('authorization');
  });

  it('gets no CORS headers from an origin that is not configured', async () => {
    const running = await gatewayWith({ cors_origins: [allowed] });
    const response = await request(running.url)
      .options('/v1/chat/completions')
      .set('origin', stranger)
      .set('access-control-request-method', 'POST');
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
    expect(response.headers['access-control-allow-methods']).toBeUndefined();
  });
});

describe('passthrough to an upstream that answers CORS itself', () => {
  // llama-server sends Access-Control-Allow-Origin on every answer: the request's Origin
  // echoed, or an empty value without one; OPTIONS gets the full preflight set.
  async function gatewayBeforeEchoingUpstream(server: ConfigInput['server']): Promise<TestGateway> {
    const upstream = track(await startFakeUpstream({ models: ['fake-model'] }));
    upstream.handle = (req, res) =>
      sendJson(res, 200, { id: 'chatcmpl-x', object: 'chat.completion', choices: [] }, {
        'access-control-allow-origin': req.headers.origin ?? '',
        'access-control-allow-credentials': 'true',
        'access-control-allow-headers': '*',
        vary: 'Accept-Encoding',
      });
    return track(await startTestGateway({ server, connections: [{ name: 'llama', mode: 'openai_compatible', base_url: upstream.baseUrl }] }));
  }

  const chat = { model: 'fake-model', messages: [{ role: 'user', content: 'hi' }] };

  it('gives a foreign origin no CORS header when cors_origins is empty', async () => {
    const running = await gatewayBeforeEchoingUpstream({});
    const response = await request(running.url).post('/v1/chat/completions').set('origin', stranger).send(chat).expect(200);
    expect(Object.keys(response.headers).filter((name) => name.startsWith('access-control-'))).toEqual([]);
  });

  it('gives a foreign origin no CORS header when other origins are configured', async () => {
    const running = await gatewayBeforeEchoingUpstream({ cors_origins: [allowed] });
    const response = await request(running.url).post('/v1/chat/completions').set('origin', stranger).send(chat).expect(200);
    expect(Object.keys(response.headers).filter((name) => name.startsWith('access-control-'))).toEqual([]);
    expect(response.headers.vary).toMatch(/origin/i);
  });

  it('sends no empty Access-Control-Allow-Origin when the request has no Origin', async () => {
    const running = await gatewayBeforeEchoingUpstream({});
    const response = await request(running.url).post('/v1/chat/completions').send(chat).expect(200);
    expect(response.headers).not.toHaveProperty('access-control-allow-origin');
  });

  it("answers a configured origin with the gateway's own CORS headers and keeps both Vary values", async () => {
    const running = await gatewayBeforeEchoingUpstream({ cors_origins: [allowed] });
    const response = await request(running.url).post('/v1/chat/completions').set('origin', allowed).send(chat).expect(200);
    expect(response.headers['access-control-allow-origin']).toBe(allowed);
    expect(response.headers['access-control-allow-credentials']).toBeUndefined();
    expect(response.headers.vary).toMatch(/origin/i);
    expect(response.headers.vary).toMatch(/accept-encoding/i);
  });
});
