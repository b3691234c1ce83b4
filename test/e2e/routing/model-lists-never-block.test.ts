/**
 * Model lists never block: an expired list is answered at once while one refresh runs,
 * a box whose discovery hangs delays nobody but its own refresh, and a box whose
 * discovery fails keeps its last known models routable (to a 503, not a 404).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { closeAfterEach } from '../../support/close-after.js';
import { createGate, type Gate } from '../../support/gate.js';
import { startTestGateway, type TestGateway } from '../../support/gateway.js';
import { postJson } from '../../support/post-json.js';

const track = closeAfterEach();

/** An OpenAI-compatible box whose model listing a test can hold open. */
interface Box {
  baseUrl: string;
  models: string[];
  /** While set, GET /v1/models waits for this gate. */
  listingGate: Gate | undefined;
  /** Listing requests received and not answered yet. */
  pendingListings: number;
  close(): Promise<void>;
}

async function startBox(models: string[]): Promise<Box> {
  const box: Box = { baseUrl: '', models, listingGate: undefined, pendingListings: 0, close: async () => undefined };
  const answer = (res: ServerResponse, body: unknown) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    req.on('end', async () => {
      if (req.method === 'GET' && req.url === '/v1/models') {
        box.pendingListings += 1;
        await box.listingGate?.promise;
        box.pendingListings -= 1;
        answer(res, { object: 'list', data: box.models.map((id) => ({ id, object: 'model', created: 0, owned_by: 'box' })) });
        return;
      }
      answer(res, { id: 'chatcmpl-1', object: 'chat.completion', created: 0, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: 'hi' }, finish_reason: 'stop' }] });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  box.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  box.close = () =>
    new Promise<void>((resolve) => {
      box.listingGate?.open();
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return track(box);
}

async function gatewayFor(boxes: Record<string, Box>, ttlMs: number): Promise<TestGateway> {
  const connections = Object.entries(boxes).map(([name, box]) => ({ name, mode: 'openai_compatible' as const, base_url: box.baseUrl }));
  return track(await startTestGateway({ models_cache_ttl_ms: ttlMs, connections }));
}

async function listIds(gateway: TestGateway): Promise<string[]> {
  const body = (await (await fetch(`${gateway.url}/v1/models`)).json()) as { data: Array<{ id: string }> };
  return body.data.map((model) => model.id);
}

const chat = (model: string) => ({ model, messages: [{ role: 'user', content: 'Hi' }] });

describe('an expired model list', () => {
  it('is answered at once while its refresh is still waiting for the upstream', async () => {
    const box = await startBox(['model-a']);
    const gateway = await gatewayFor({ box }, 50);
    expect(await listIds(gateway)).toEqual(['model-a']);
    box.listingGate = createGate();
    await sleep(100);
    expect(await listIds(gateway)).toEqual(['model-a']);
    // The refresh the request started is still held by the upstream: nobody waited for it.
    expect(box.pendingListings).toBe(1);
    box.listingGate.open();
  });

  it('still routes its models while the refresh hangs', async () => {
    const box = await startBox(['model-a']);
    const gateway = await gatewayFor({ box }, 50);
    await listIds(gateway);
    box.listingGate = createGate();
    await sleep(100);
    expect((await postJson(`${gateway.url}/v1/chat/completions`, chat('model-a'))).status).toBe(200);
    expect(box.pendingListings).toBe(1);
    box.listingGate.open();
  });
});

describe('a box whose discovery hangs', () => {
  it('delays no request for another box’s model', async () => {
    const healthy = await startBox(['model-a']);
    const hanging = await startBox(['model-b']);
    hanging.listingGate = createGate();
    const gateway = await gatewayFor({ healthy, hanging }, 60_000);
    // Wait until the healthy box's first list is known, then ask while the other still hangs.
    for (let tries = 0; tries < 50 && !(await listIdsWithin(gateway)).includes('model-a'); tries += 1) await sleep(20);
    expect((await postJson(`${gateway.url}/v1/chat/completions`, chat('model-a'))).status).toBe(200);
    // Discovery and the health check both still wait on the hanging box.
    expect(hanging.pendingListings).toBeGreaterThanOrEqual(1);
  });
});

/** /v1/models waits at most for a first discovery; here the healthy box answers it. */
async function listIdsWithin(gateway: TestGateway): Promise<string[]> {
  const controller = AbortSignal.timeout(100);
  try {
    const body = (await (await fetch(`${gateway.url}/v1/models`, { signal: controller })).json()) as { data: Array<{ id: string }> };
    return body.data.map((model) => model.id);
  } catch {
    return [];
  }
}

describe('a box whose discovery fails', () => {
  it('keeps its last known models routable: a 503 for them, not a 404', async () => {
    const box = await startBox(['model-a']);
    const gateway = await gatewayFor({ box }, 50);
    expect(await listIds(gateway)).toEqual(['model-a']);
    await box.close();
    await sleep(100);
    // The refresh fails; the model is still known, and its box cannot be reached.
    const first = await postJson(`${gateway.url}/v1/chat/completions`, chat('model-a'));
    expect(first.status).toBe(503);
    await sleep(100);
    const later = await postJson(`${gateway.url}/v1/chat/completions`, chat('model-a'));
    expect(later.status).toBe(503);
    expect(((await later.json()) as { error: { code: string } }).error.code).toBe('no_upstream_available');
  });
});
