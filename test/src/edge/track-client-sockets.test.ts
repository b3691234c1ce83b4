/**
 * trackConnections: the server's client sockets, so that shutdown can close the ones that
 * are idle (a spare connection that never sent a request included) and leave busy ones.
 */
import { createServer } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { describe, it } from 'vitest';
import { trackConnections } from '../../../src/edge/track-client-sockets.js';
import { closeAfterEach } from '../../support/close-after.js';
import { eventually } from '../../support/eventually.js';

const track = closeAfterEach();

async function listen(handler: Parameters<typeof createServer>[1]) {
  const server = createServer(handler);
  const tracker = trackConnections(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  track({
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
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
    await eventually('the server to see the connection', () => tracker.size === 1);
    tracker.closeIdle();
    await eventually('the connection to close', () => socket.destroyed || socket.readyState === 'closed');
  });

  it('keeps a connection whose request is in progress', async () => {
    let answer: (() => void) | undefined;
    const { tracker, port } = await listen((_req, res) => (answer = () => res.end('ok')));
    const socket = await open(port);
    socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    await eventually('the request to arrive', () => answer !== undefined);
    tracker.closeIdle();
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
    answer?.();
    await eventually('the answer', () => received.includes('ok'));
    tracker.closeIdle();
    await eventually('the connection to close once idle', () => tracker.size === 0);
  });
});
