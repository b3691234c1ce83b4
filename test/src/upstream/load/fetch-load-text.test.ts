/**
 * The default load fetcher against servers on 127.0.0.1: the stand-in llama-server (its
 * `/slots` and `/metrics` at the root of a `/v1` base URL), the stand-in Ollama, and a
 * plain server for the size bound.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { connectionSchema } from '../../../../config/schema.js';
import { Connection } from '../../../../src/upstream/connection.js';
import { fetchLoadText, loadBodyLimit, serverRootOf } from '../../../../src/upstream/load/fetch-load-text.js';
import { startStandInLlamaServer } from '../../../support/stand-ins/stand-in-llama-server.js';
import { startStandInOllama } from '../../../support/stand-ins/stand-in-ollama.js';
import { unusedPort } from '../../../support/unused-port.js';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function createConnection(mode: 'ollama' | 'openai_compatible', base_url: string, extra: Record<string, unknown> = {}): Connection {
  const connection = new Connection(connectionSchema.parse({ name: 'box', mode, base_url, ...extra }));
  cleanups.push(() => connection.close());
  return connection;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise((resolve) => server.close(resolve)));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('serverRootOf', () => {
  it.each([
    ['http://127.0.0.1:8000/v1', ''],
    ['http://127.0.0.1:8000/v1/', ''],
    ['https://gpu.example.test/vllm/v1', '/vllm'],
    ['http://127.0.0.1:11434', ''],
  ])('finds the server root of %s', (base_url, root) => {
    expect(serverRootOf(createConnection('openai_compatible', base_url))).toBe(root);
  });
});

describe('fetchLoadText', () => {
  it('reads llama-server /slots at the server root of a /v1 base URL', async () => {
    const standIn = await startStandInLlamaServer({ slots: 2 });
    cleanups.push(() => standIn.close());
    const answer = await fetchLoadText(createConnection('openai_compatible', standIn.baseUrl), '/slots', 2_000);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toHaveLength(2);
    expect(standIn.requests.map((request) => request.path)).toEqual(['/slots']);
  });

  it("sends the connection's API key, as every upstream call does", async () => {
    const standIn = await startStandInLlamaServer();
    cleanups.push(() => standIn.close());
    await fetchLoadText(createConnection('openai_compatible', standIn.baseUrl, { api_key: 'sk-fleet' }), '/metrics', 2_000);
    expect(standIn.requests[0]?.headers.authorization).toBe('Bearer sk-fleet');
  });

  it("reads Ollama's /api/ps", async () => {
    const standIn = await startStandInOllama();
    cleanups.push(() => standIn.close());
    const answer = await fetchLoadText(createConnection('ollama', standIn.url), '/api/ps', 2_000);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toHaveProperty('models');
  });

  it('answers the status of an error answer with an empty text', async () => {
    const standIn = await startStandInLlamaServer();
    cleanups.push(() => standIn.close());
    expect(await fetchLoadText(createConnection('openai_compatible', standIn.baseUrl), '/no-such-path', 2_000)).toEqual({ status: 404, text: '' });
  });

  it('cuts a body longer than the bound back to its last whole line', async () => {
    const line = `${'x'.repeat(99)}\n`;
    const url = await listen(
      createServer((_, res) => {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end(line.repeat(Math.ceil((loadBodyLimit * 1.5) / line.length)) + 'partial');
      }),
    );
    const answer = await fetchLoadText(createConnection('openai_compatible', `${url}/v1`), '/metrics', 5_000);
    expect(answer.text.length).toBeLessThanOrEqual(loadBodyLimit);
    expect(answer.text.endsWith('\n')).toBe(true);
    expect(answer.text.length % line.length).toBe(0);
  });

  it('rejects when no answer comes within the time limit', async () => {
    const url = await listen(createServer(() => undefined));
    await expect(fetchLoadText(createConnection('openai_compatible', `${url}/v1`), '/metrics', 100)).rejects.toThrow();
  });

  it('rejects when nothing listens', async () => {
    const port = await unusedPort();
    await expect(fetchLoadText(createConnection('openai_compatible', `http://127.0.0.1:${port}/v1`), '/metrics', 1_000)).rejects.toThrow();
  });
});
