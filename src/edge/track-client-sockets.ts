/**
 * Which client connections are between requests. Node's `closeIdleConnections()` skips a
 * connection that has not sent its first request yet (browsers and undici open spare ones),
 * so a graceful shutdown would wait the whole `shutdown_timeout_ms` for it.
 */
import type { Server } from 'node:http';
import type { Socket } from 'node:net';

export interface ConnectionTracker {
  /** Closes every connection with no request in progress, whether or not it ever sent one. */
  closeIdle(): void;
  /** Connections open now, busy or not. */
  readonly size: number;
}

export function trackConnections(server: Server): ConnectionTracker {
  const inProgress = new Map<Socket, number>();
  server.on('connection', (socket: Socket) => {
    inProgress.set(socket, 0);
    socket.once('close', () => inProgress.delete(socket));
  });
  server.on('request', (req, res) => {
    const socket = req.socket;
    if (!inProgress.has(socket)) return;
    inProgress.set(socket, (inProgress.get(socket) ?? 0) + 1);
    res.once('close', () => {
      const count = inProgress.get(socket);
      if (count !== undefined) inProgress.set(socket, Math.max(0, count - 1));
    });
  });
  return {
    closeIdle() {
      // A response that just finished may still sit in the socket's buffer; the next sweep gets it.
      for (const [socket, count] of inProgress) if (count === 0 && socket.writableLength === 0) socket.destroy();
    },
    get size() {
      return inProgress.size;
    },
  };
}
