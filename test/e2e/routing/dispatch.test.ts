/**
 * The failover loop: an attempt that fails before any byte reached the client is retried
 * on the next connection serving the model; anything the upstream said, or a started
 * answer, is not.
 */
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { closeAfterEach } from '../../support/close-after.js';
import { startStandInOllama } from '../../support/stand-ins/stand-in-ollama.js';
import { startTestGateway, type TestGateway } from '../../support/gateway.js';
import { sendJson, startFakeUpstream, type FakeUpstream } from '../../support/fake-upstream.js';
import { expectOpenAIError } from '../../support/openai-error.js';

const track = closeAfterEach();

/** Two OpenAI-compatible connections serving `shared`; the first is tried first. */
async function twoConnections(): Promise<{ gateway: TestGateway; first: FakeUpstream; second: FakeUpstream }> {
  const first = track(await startFakeUpstream({ models: ['shared'], name: 'first' }));
  const second = track(await startFakeUpstream({ models: ['shared'], name: 'second' }));
  const gateway = track(await startTestGateway({
    connections: [
      { name: 'first', mode: 'openai_compatible', base_url: first.baseUrl, models: ['shared'] },
      { name: 'second', mode: 'openai_compatible', base_url: second.baseUrl, models: ['shared'] },
    ],
  }));
  // Both connections have answered a health check: routing treats them as up.
  await request(gateway.url).get('/ready').expect(200);
  return { gateway, first, second };
}

function chat(gateway: TestGateway) {
  return request(gateway.url).post('/v1/chat/completions').send({ model: 'shared', messages: [{ role: 'user', content: 'hi' }] });
}

describe('before any byte reached the client', () => {
  it('retries a request refused by one connection on the next', async () => {
    const { gateway, first } = await twoConnections();
    await first.close();
    const answers = [await chat(gateway), await chat(gateway)];
    expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
    expect(answers.map((answer) => answer.body.choices[0].message.content)).toEqual(['served by second', 'served by second']);
  });

  it('retries a request whose connection was reset before the answer on the next', async () => {
    const { gateway, first } = await twoConnections();
    first.handle = (_req, res) => {
      res.socket?.resetAndDestroy();
    };
    const response = await chat(gateway).expect(200);
    expect(response.body.choices[0].message.content).toBe('served by second');
    // The reset came on the socket pooled by discovery, so it was sent once more on a fresh
    // socket (a pooled socket the upstream closed looks just like this) before moving on.
    expect(first.inferenceRequests()).toHaveLength(2);
  });

  it('retries a request answered with a 5xx on the next', async () => {
    const { gateway, first } = await twoConnections();
    first.handle = (_req, res) => sendJson(res, 503, { error: { message: 'overloaded' } });
    const response = await chat(gateway).expect(200);
    expect(response.body.choices[0].message.content).toBe('served by second');
  });

  it('answers 503 no_upstream_available when every connection refuses', async () => {
    const { gateway, first, second } = await twoConnections();
    await Promise.all([first.close(), second.close()]);
    const response = await chat(gateway).expect(503);
    await expectOpenAIError(response.body, { type: 'upstream_error', code: 'no_upstream_available' });
  });

  it('retries a request refused by one Ollama connection on the next', async () => {
    const first = track(await startStandInOllama({ chunkDelayMs: 0, models: ['llama3.2:1b'] }));
    const second = track(await startStandInOllama({ chunkDelayMs: 0, models: ['llama3.2:1b'] }));
    const gateway = track(await startTestGateway({
      connections: [
        { name: 'first', mode: 'ollama', base_url: first.url, models: ['llama3.2:1b'] },
        { name: 'second', mode: 'ollama', base_url: second.url, models: ['llama3.2:1b'] },
      ],
    }));
    await request(gateway.url).get('/ready').expect(200);
    await first.close();
    const body = { model: 'llama3.2:1b', messages: [{ role: 'user', content: 'hi' }] };
    await request(gateway.url).post('/v1/chat/completions').send(body).expect(200);
    await request(gateway.url).post('/v1/chat/completions').send(body).expect(200);
    expect(second.requests.filter((item) => item.path === '/api/generate')).toHaveLength(2);
  });
});

describe('what is not retried', () => {
  it("passes a 4xx through without trying the next connection (the client's request is at fault)", async () => {
    const { gateway, first, second } = await twoConnections();
    first.handle = (_req, res) => sendJson(res, 400, { error: { message: 'max_tokens is too large', type: 'BadRequestError', param: null, code: 400 } });
    const response = await chat(gateway).expect(400);
    expect(response.body.error.message).toBe('max_tokens is too large');
    expect(second.inferenceRequests()).toHaveLength(0);
  });

  it('does not retry once the answer has started', async () => {
    const { gateway, first, second } = await twoConnections();
    first.handle = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: {"choices":[{"index":0,"delta":{"content":"Hel"}}]}\n\n', () => res.socket?.destroy());
    };
    const response = await request(gateway.url)
      .post('/v1/chat/completions')
      .send({ model: 'shared', stream: true, messages: [{ role: 'user', content: 'hi' }] })
      .buffer(true)
      .parse((res, done) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => done(null, text));
      });
    expect(response.body).toContain('"content":"Hel"');
    expect(response.body).toContain('data: {"error":');
    expect(second.inferenceRequests()).toHaveLength(0);
  });
});
