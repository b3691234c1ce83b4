/**
 * GET /health, /ready and /metrics.
 */
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { startStandInOllama } from '../../support/stand-ins/stand-in-ollama.js';
import { closeAfterEach } from '../../support/close-after.js';
import { startTestGateway, type ConfigInput, type TestGateway } from '../../support/gateway.js';
import { startFakeUpstream } from '../../support/fake-upstream.js';
import { unusedPort } from '../../support/unused-port.js';

const track = closeAfterEach();

async function gatewayFor(config: ConfigInput): Promise<TestGateway> {
  return track(await startTestGateway(config));
}

describe('GET /health', () => {
  it('answers 200 with no connection configured', async () => {
    const gateway = await gatewayFor({});
    await request(gateway.url).get('/health').expect(200);
  });
});

describe('GET /ready', () => {
  it('answers 200 "ready" when one connection answers and another does not, listing both', async () => {
    const ollama = await startStandInOllama();
    track(ollama);
    const gateway = await gatewayFor({
      connections: [
        { name: 'ollama', mode: 'ollama', base_url: ollama.url },
        { name: 'vllm', mode: 'openai_compatible', base_url: `http://127.0.0.1:${await unusedPort()}/v1` },
      ],
    });
    const response = await request(gateway.url).get('/ready').expect(200);
    expect(response.body).toEqual({
      status: 'ready',
      config_version: expect.stringMatching(/^1-[0-9a-f]{6}$/),
      connections: [
        { name: 'ollama', mode: 'ollama', up: true, last_error: null, last_check: expect.any(String), load: expect.toBeOneOf([null, 0]) },
        { name: 'vllm', mode: 'openai_compatible', up: false, last_error: expect.stringContaining('vllm'), last_check: expect.any(String), load: null },
      ],
    });
  });

  it('answers 503 "unavailable" when no connection answers', async () => {
    const gateway = await gatewayFor({ connections: [{ name: 'ollama', mode: 'ollama', base_url: `http://127.0.0.1:${await unusedPort()}` }] });
    const response = await request(gateway.url).get('/ready').expect(503);
    expect(response.body).toMatchObject({ status: 'unavailable', connections: [{ name: 'ollama', up: false }] });
  });

  it('counts an OpenAI-compatible connection that answers as up', async () => {
    const upstream = await startFakeUpstream();
    track(upstream);
    const gateway = await gatewayFor({ connections: [{ name: 'vllm', mode: 'openai_compatible', base_url: upstream.baseUrl }] });
    const response = await request(gateway.url).get('/ready').expect(200);
    expect(response.body.connections).toEqual([expect.objectContaining({ name: 'vllm', up: true })]);
  });
});

describe('GET /metrics', () => {
  it('answers in the Prometheus text format', async () => {
    const gateway = await gatewayFor({});
    const response = await request(gateway.url).get('/metrics').expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    expect(response.text).toMatch(/^# HELP switchyard_/m);
  });
});
