/**
 * Recovery is prompt: a box that comes back serves within one health-check interval,
 * whatever its breaker's cool-down, and its model list is fetched again at once.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { closeAfterEach } from '../../support/close-after.js';
import { eventually } from '../../support/eventually.js';
import { startTestGateway } from '../../support/gateway.js';
import { postJson } from '../../support/post-json.js';

const track = closeAfterEach();
const model = 'box-model';

function listen(port = 0): Promise<Server> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      if (req.url === '/v1/models') res.end(JSON.stringify({ object: 'list', data: [{ id: model, object: 'model', created: 0, owned_by: 'box' }] }));
      else res.end(JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion', created: 0, model, choices: [{ index: 0, message: { role: 'assistant', content: 'back' }, finish_reason: 'stop' }] }));
    });
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

function stop(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

describe('a box that comes back', () => {
  it('serves again within one health-check interval, long before its cool-down ends', async () => {
    let box = await listen();
    const { port } = box.address() as AddressInfo;
    const gateway = track(
      await startTestGateway({
        models_cache_ttl_ms: 60_000,
        health_checks: { interval_ms: 200, timeout_ms: 500 },
        connections: [{ name: 'box', mode: 'openai_compatible', base_url: `http://127.0.0.1:${port}/v1`, failure_threshold: 1, cooldown_ms: 60_000 }],
      }),
    );
    const chat = () => postJson(`${gateway.url}/v1/chat/completions`, { model, messages: [{ role: 'user', content: 'Hi' }] });
    expect((await chat()).status).toBe(200);
    await stop(box);
    expect((await chat()).status).toBe(503);
    expect(gateway.gateway.connections[0]?.breaker.state).toBe('open');
    box = await listen(port);
    track({ close: () => stop(box) });
    await eventually('the box to serve again', async () => (await chat()).status === 200, 2000);
    expect(gateway.gateway.connections[0]?.breaker.state).toBe('closed');
  });
});
