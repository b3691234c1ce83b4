import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { trackConnections } from '../../src/edge/track-client-sockets.js';
import { waitFor } from './harness.js';

let server: Server | undefined;

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
});

async function listen(handler: Parameters<typeof createServer>[1]) {
  server = createServer(handler);
  const tracker = trackConnections(server);
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return { tracker, port: (server.address() as AddressInfo).port };
}

function open(port: number): Promise<Socket> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port }, () => resolve(socket));
    socket.on('error', () => undefined);
  });
}

describe('trackConnections', () => {
  it('closes a connection that never sent a request', async () => {
    const { tracker, port } = await listen((_req, res) => res.end('ok'));
    const socket = await open(port);
    await waitFor('the server to see the connection', () => tracker.size === 1);
    tracker.closeIdle();
    await waitFor('the connection to close', () => socket.destroyed || socket.readyState === 'closed');
  });

  it('keeps a connection whose request is in progress', async () => {
    let answer: (() => void) | undefined;
    const { tracker, port } = await listen((_req, res) => (answer = () => res.end('ok')));
    const socket = await open(port);
    socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    await waitFor('the request to arrive', () => answer !== undefined);
    tracker.closeIdle();
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
    answer?.();
    await waitFor('the answer', () => received.includes('ok'));
    tracker.closeIdle();
    await waitFor('the connection to close once idle', () => tracker.size === 0);
  });
});
