/**
 * Open WebUI's connection handling, replayed as its backend (aiohttp) and, for Direct
 * Connections, the browser send it: the "Verify connection" button and model list
 * (`GET {base_url}/models`), CORS, a hanging upstream, a base URL without /v1, and the
 * Switchyard log line a failed chat leaves behind.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../../../config/schema.js';
import { startStandInOllama } from '../../support/stand-ins/stand-in-ollama.js';
import { startStandInOpenAI } from '../../support/stand-ins/stand-in-openai.js';
import { startTestGateway } from '../../support/gateway.js';
import { closeAfterAll, closeAfterEach } from '../../support/close-after.js';
import { eventually } from '../../support/eventually.js';
import { openWebUIHeaders } from './open-webui-stream.js';
import { connectionKinds, gatewayApiKey, openWebUIOrigin, startClientStack, type ClientStack } from './stack.js';

const track = closeAfterAll();
const trackForTest = closeAfterEach();
let stack: ClientStack;
beforeAll(async () => {
  stack = track(await startClientStack({ keepLogs: true }));
});

/** Open WebUI builds every URL as `f"{url}/…"` from the connection's base URL. */
function send(path: string, init: { key?: string; body?: unknown; baseURL?: string } = {}): Promise<Response> {
  return fetch(`${init.baseURL ?? stack.baseURL}${path}`, {
    method: init.body === undefined ? 'GET' : 'POST',
    headers: openWebUIHeaders(init.key),
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}

describe('Open WebUI connection check and model list', () => {
  it('verify connection: GET /models answers exactly 200 JSON with data[].id', async () => {
    const response = await send('/models', { key: 'sk-anything' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    const { data } = (await response.json()) as { data: Array<{ id: unknown; name?: unknown }> };
    expect(data.every((model) => typeof model.id === 'string' && model.name !== null)).toBe(true);
    expect(data.map((model) => model.id)).toEqual(expect.arrayContaining(connectionKinds.map((kind) => kind.chatModel)));
  });

  it('lists models when the key is empty and no Authorization header is sent', async () => {
    const response = await send('/models');
    expect(response.status).toBe(200);
    expect(((await response.json()) as { data: unknown[] }).data.length).toBeGreaterThan(0);
  });

  it('lists models with an empty "Authorization: Bearer " header', async () => {
    const response = await send('/models', { key: '' });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { data: unknown[] }).data.length).toBeGreaterThan(0);
  });

  it('answers a wrong key with 401 and an error.message the verify toast shows', async () => {
    const response = await send('/models', { key: 'sk-wrong', baseURL: stack.securedBaseURL });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { message: expect.any(String) } });
  });

  it('lists models with the configured key on a gateway that requires one', async () => {
    const response = await send('/models', { key: gatewayApiKey, baseURL: stack.securedBaseURL });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { data: unknown[] }).data.length).toBeGreaterThan(0);
  });
});

describe('Open WebUI Direct Connections (the browser calls Switchyard)', () => {
  it('answers the CORS preflight for Authorization without asking for a key', async () => {
    const response = await fetch(`${stack.securedBaseURL}/models`, {
      method: 'OPTIONS',
      headers: { origin: openWebUIOrigin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization,content-type' },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(openWebUIOrigin);
    expect(response.headers.get('access-control-allow-headers')).toContain('authorization');
  });

  it('lets the browser read a 401 body, so the toast shows error.message instead of "Failed to fetch"', async () => {
    const response = await fetch(`${stack.securedBaseURL}/models`, { headers: { origin: openWebUIOrigin, authorization: 'Bearer sk-wrong' } });
    expect(response.status).toBe(401);
    expect(response.headers.get('access-control-allow-origin')).toBe(openWebUIOrigin);
  });
});

describe('Open WebUI model list while a connection hangs', () => {
  it("answers within Open WebUI's 10 s model-list timeout with the other connections' models", async () => {
    const hanging = trackForTest(await startStandInOllama({ scenario: 'slow-first-byte', scenarioScope: 'all', firstByteDelayMs: 60_000 }));
    const vllm = trackForTest(await startStandInOpenAI());
    const gateway = trackForTest(
      await startTestGateway({
        connections: [
          { name: 'hanging-ollama', mode: 'ollama', base_url: hanging.url },
          { name: 'vllm', mode: 'openai_compatible', base_url: vllm.baseUrl },
        ],
        // The default discovery timeout, not the test helper's shorter one.
        health_checks: { timeout_ms: configSchema.parse({}).health_checks.timeout_ms },
      }),
    );
    const startedAt = performance.now();
    const response = await fetch(`${gateway.url}/v1/models`, { headers: openWebUIHeaders('sk-anything') });
    const { data } = (await response.json()) as { data: Array<{ id: string }> };
    expect(performance.now() - startedAt).toBeLessThan(10_000);
    expect(data.map((model) => model.id)).toEqual(['Qwen/Qwen2.5-0.5B-Instruct']);
  });
});

describe('Open WebUI with a base URL that lacks /v1', () => {
  it('still lists models and chats, since Switchyard also serves /models and /chat/completions', async () => {
    const models = await send('/models', { key: 'sk-anything', baseURL: stack.gateway.url });
    const chat = await send('/chat/completions', {
      key: 'sk-anything',
      baseURL: stack.gateway.url,
      body: { model: 'llama3.2:1b', stream: false, messages: [{ role: 'user', content: 'Say hi' }] },
    });
    expect(models.status).toBe(200);
    expect(await chat.json()).toMatchObject({ choices: [{ message: { content: 'Hello! You said: Say hi' } }] });
  });
});

describe('Open WebUI errors in the Switchyard log', () => {
  it('logs a failed chat with its request id, route, model, connection, status and error', async () => {
    const body = { model: 'llama3.2:1b', stream: true, messages: [{ role: 'user', content: 'Say hi [scenario:http-500]' }] };
    const response = await send('/chat/completions', { key: 'sk-anything', body });
    const requestId = response.headers.get('x-request-id');
    expect(await response.json()).toMatchObject({ error: { message: expect.any(String) } });
    await eventually('the request log line', () =>
      expect(stack.gateway.logs.find((line) => line['request_id'] === requestId && line['msg'] === 'request')).toMatchObject({
        route: '/v1/chat/completions',
        model: 'llama3.2:1b',
        connection: 'ollama-generate',
        status: 502,
        error: expect.any(String),
      }),
    );
  });

  it('answers 503 naming the connection when its Ollama is down, and logs the refused connection', async () => {
    // Port 1 refuses connections. A fixed model list keeps the id known while the server is down.
    const gateway = trackForTest(
      await startTestGateway({
        server: { log_level: 'info' },
        connections: [{ name: 'local-ollama', mode: 'ollama', base_url: 'http://127.0.0.1:1', models: ['llama3.2:1b'] }],
      }),
    );
    const body = { model: 'llama3.2:1b', stream: true, messages: [{ role: 'user', content: 'Say hi' }] };
    const response = await fetch(`${gateway.url}/v1/chat/completions`, { method: 'POST', headers: openWebUIHeaders('sk-anything'), body: JSON.stringify(body) });
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ error: { message: expect.stringContaining('local-ollama') } });
    await eventually('the "connection is down" warning', () =>
      expect(gateway.logs.find((line) => line['msg'] === 'connection is down')).toMatchObject({
        connection: 'local-ollama',
        error: expect.stringContaining('ECONNREFUSED'),
      }),
    );
  });
});
