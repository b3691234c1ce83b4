/**
 * Rules for reusing pooled sockets with servers that close them on their own.
 * llama.cpp's server closes the TCP connection about a millisecond after every streamed
 * answer although it says `Keep-Alive`; a request sent on that socket in between fails
 * with "socket hang up" before any answer. Node itself honours `Connection: close` (sent
 * with llama-server's error answers) by not pooling the socket.
 */
import type { ClientRequest, IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { Connection } from './connection.js';

const resetCodes = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);

/** How soon after a stream's end a close by the upstream counts as "closes after streams". */
const closeAfterStreamWindowMs = 250;

/** When each watched socket last finished carrying a streamed answer. */
const streamEndedAt = new WeakMap<Socket, number>();

/** Whether a request failed because the pooled socket it was given had been closed by the upstream. */
export function isStaleSocketFailure(request: ClientRequest, error: unknown, signal: AbortSignal | undefined): boolean {
  if (signal?.aborted || !request.reusedSocket) return false;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && resetCodes.has(code);
}

/**
 * Learns whether the upstream closes its socket right after a streamed answer. Once seen,
 * the connection's later streams are sent with `Connection: close`, so their socket is
 * never handed to another request.
 */
export function watchSocketAfterStream(connection: Connection, response: IncomingMessage): void {
  if (connection.closesAfterStreams) return;
  const socket = response.socket;
  // With `Connection: close` it is Node that closes the socket, as asked.
  if (!socket || response.headers.connection === 'close') return;
  response.once('end', () => {
    const watched = streamEndedAt.has(socket);
    streamEndedAt.set(socket, Date.now());
    // One listener a socket, however many streams a pooled socket carries.
    if (watched) return;
    socket.once('close', () => {
      const endedAt = streamEndedAt.get(socket) ?? 0;
      // Later closes (the idle timeout, shutdown) say nothing about the upstream.
      if (connection.closesAfterStreams || Date.now() - endedAt > closeAfterStreamWindowMs) return;
      connection.closesAfterStreams = true;
      connection.observer.closesAfterStreams(connection);
    });
  });
}
