/**
 * What a finished request may leave behind: an upstream response still being written, a
 * socket the gateway still holds upstream, a timer still running. Tests check these are
 * gone once the traffic ended.
 */
import { subscribe } from 'node:diagnostics_channel';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestGateway } from './gateway.js';

/**
 * Every response an HTTP server of this process is writing, by the server's port. The
 * stand-ins' own log misses one case: a response ended at the moment the gateway
 * dropped the connection is neither `finished` nor `closedAt`; the socket tells the truth.
 */
const liveResponses = new Map<number, Set<ServerResponse>>();

subscribe('http.server.request.start', (message) => {
  const { server, response } = message as { server: Server; request: IncomingMessage; response: ServerResponse };
  const port = (server.address() as AddressInfo | null)?.port;
  if (port === undefined) return;
  const responses = liveResponses.get(port) ?? new Set<ServerResponse>();
  liveResponses.set(port, responses);
  responses.add(response);
  response.once('close', () => responses.delete(response));
});

function isOpen(response: ServerResponse): boolean {
  const socket = response.socket;
  return !response.writableEnded && !response.destroyed && socket !== null && !socket.destroyed;
}

/** Whether every request the server on this port received has ended: answered in full, or its connection closed. */
export function allUpstreamRequestsEnded(upstream: { port: number }): boolean {
  return [...(liveResponses.get(upstream.port) ?? [])].every((response) => !isOpen(response));
}

/** Requests the gateway still has upstream: sockets of its keep-alive agents in use or waited for. */
export function upstreamRequestsInFlight(target: TestGateway): number {
  let count = 0;
  for (const { agent } of target.gateway.connections) {
    for (const list of [...Object.values(agent.sockets), ...Object.values(agent.requests)]) count += list?.length ?? 0;
  }
  return count;
}

/** Live ref'd timers of this process (the gateway's, the stand-ins' and the test's own). */
export function activeTimers(): number {
  return process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;
}
