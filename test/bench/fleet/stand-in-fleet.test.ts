import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createBoxServer } from '../../../bench/fleet/stand-in-fleet.js';
import type { BoxSpec } from '../../../bench/fleet/fleet-spec.js';
import { parseOllamaPs } from '../../../src/upstream/load/parse-ollama-ps.js';

const spec: BoxSpec = { name: 'box-t', resident: ['llama3.2:3b'], capacity: 1, parallel: 2, tokensPerSecond: 2000, coldLoadMs: 20 };
const serving = { tokens: 3, models: ['llama3.2:3b', 'qwen2.5:7b'] };
const servers: Server[] = [];

async function startBox(): Promise<string> {
  const { server } = createBoxServer(spec, serving);
  servers.push(server);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function chat(origin: string, model: string, stream = true): Promise<Response> {
  return fetch(`${origin}/api/chat`, { method: 'POST', body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }], stream }) });
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((done) => server.close(done))));
});

describe('stand-in fleet box', () => {
  it('streams one NDJSON line per token and a done line', async () => {
    const origin = await startBox();
    const response = await chat(origin, 'llama3.2:3b');
    const lines = (await response.text()).trim().split('\n').map((line) => JSON.parse(line) as { done: boolean; message: { content: string } });
    expect(response.headers.get('content-type')).toBe('application/x-ndjson');
    expect(lines.map((line) => line.done)).toEqual([false, false, false, true]);
    expect(lines[0]?.message.content).toBe('Hello');
  });

  it('answers the whole message when not streaming', async () => {
    const origin = await startBox();
    const body = (await (await chat(origin, 'llama3.2:3b', false)).json()) as { done: boolean; eval_count: number };
    expect(body).toMatchObject({ done: true, eval_count: 3 });
  });

  it('refuses a model it cannot serve with Ollama’s 404', async () => {
    const origin = await startBox();
    const response = await chat(origin, 'phi3:mini');
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: 'model "phi3:mini" not found, try pulling it first' });
  });

  it('lists in /api/ps what it loaded, in a form the gateway reads', async () => {
    const origin = await startBox();
    await (await chat(origin, 'qwen2.5:7b')).text();
    const text = await (await fetch(`${origin}/api/ps`)).text();
    const entry = (JSON.parse(text) as { models: Array<Record<string, unknown>> }).models[0];
    expect(Object.keys(entry ?? {})).toEqual(expect.arrayContaining(['name', 'model', 'expires_at', 'size_vram', 'context_length']));
    expect(parseOllamaPs(text)?.loadedModels?.map((loaded) => loaded.model)).toEqual(['qwen2.5:7b']);
  });

  it('counts requests, cold loads and evictions in /bench/stats', async () => {
    const origin = await startBox();
    await (await chat(origin, 'qwen2.5:7b')).text();
    await (await chat(origin, 'qwen2.5:7b')).text();
    const stats = await (await fetch(`${origin}/bench/stats`)).json();
    expect(stats).toMatchObject({ name: 'box-t', requests: 2, coldLoads: 1, evictions: 1 });
  });
});
