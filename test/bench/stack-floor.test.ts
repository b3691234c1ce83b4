import http, { type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createStackFloor } from '../../bench/stack-floor.js';

const servers: Server[] = [];

async function listen(server: Server): Promise<string> {
  servers.push(server);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** An upstream that answers with what it received, and counts requests. */
function startEchoUpstream(): { origin: Promise<string>; requests: () => number } {
  let requests = 0;
  const server = http.createServer((req, res) => {
    requests += 1;
    const parts: Buffer[] = [];
    req.on('data', (part: Buffer) => parts.push(part));
    req.on('end', () => {
      const body = Buffer.concat(parts).toString('utf8');
      res.writeHead(201, { 'content-type': 'application/json', 'x-upstream': 'echo' });
      res.end(JSON.stringify({ method: req.method, path: req.url, length: req.headers['content-length'], body }));
    });
  });
  return { origin: listen(server), requests: () => requests };
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((done) => server.close(done))));
});

describe('stack floor', () => {
  it('forwards a JSON body whole, with its length, and relays status and headers', async () => {
    const upstream = startEchoUpstream();
    const floor = await listen(http.createServer(createStackFloor(await upstream.origin)));
    const body = JSON.stringify({ model: 'vllm-c60-d0', messages: [{ role: 'user', content: 'héllo' }] });
    const response = await fetch(`${floor}/v1/chat/completions?x=1`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(response.status).toBe(201);
    expect(response.headers.get('x-upstream')).toBe('echo');
    expect(await response.json()).toEqual({ method: 'POST', path: '/v1/chat/completions?x=1', length: String(Buffer.byteLength(body)), body });
  });

  it('forwards a GET without a body', async () => {
    const upstream = startEchoUpstream();
    const floor = await listen(http.createServer(createStackFloor(await upstream.origin)));
    const echoed = (await (await fetch(`${floor}/v1/models`)).json()) as { method: string; body: string };
    expect(echoed).toMatchObject({ method: 'GET', body: '' });
  });

  it('refuses a body that is not JSON without calling the upstream', async () => {
    const upstream = startEchoUpstream();
    const floor = await listen(http.createServer(createStackFloor(await upstream.origin)));
    const response = await fetch(`${floor}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"model":' });
    expect(response.status).toBe(400);
    expect(upstream.requests()).toBe(0);
  });

  it('answers 502 when the upstream cannot be reached', async () => {
    const closed = await listen(http.createServer());
    await new Promise((done) => servers.pop()?.close(done));
    const floor = await listen(http.createServer(createStackFloor(closed)));
    const response = await fetch(`${floor}/v1/chat/completions`, { method: 'POST', body: '{"model":"m"}' });
    expect(response.status).toBe(502);
  });
});
