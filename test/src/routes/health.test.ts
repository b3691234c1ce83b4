/**
 * GET /health, /ready and /metrics.
 */
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { startStandInOllama } from '../../../demo/stand-in-ollama.js';
import { startTestGateway, type ConfigInput, type TestGateway } from '../../helpers/gateway.js';
import { startFakeUpstream } from '../support/fake-upstream.js';
import { unusedPort } from '../support/ports.js';

const cleanups: Array<() => Promise<void>> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function gatewayFor(config: ConfigInput): Promise<TestGateway> {
  const gateway = await startTestGateway(config);
  cleanups.push(() => gateway.close());
  return gateway;
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
    cleanups.push(() => ollama.close());
    const gateway = await gatewayFor({
      connections: [
        { name: 'ollama', mode: 'ollama', base_url: ollama.url },
        { name: 'vllm', mode: 'openai_compatible', base_url: `http://127.0.0.1:${await unusedPort()}/v1` },
      ],
    });
    const response = await request(gateway.url).get('/ready').expect(200);
    expect(response.body).toEqual({
      status: 'ready',
      connections: [
        { name: 'ollama', mode: 'ollama', up: true, last_error: null, last_check: expect.any(String) },
        { name: 'vllm', mode: 'openai_compatible', up: false, last_error: expect.stringContaining('vllm'), last_check: expect.any(String) },
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
    cleanups.push(() => upstream.close());
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
