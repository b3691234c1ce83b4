/**
 * What a stand-in does with its sockets around an answer, where a real server differs
 * from Node's defaults: an idle keep-alive socket closed after exactly the server's idle
 * timeout (Node waits a second longer than `keepAliveTimeout`), and a socket closed right
 * after an answer whatever its head promised (llama-server after every stream), taking
 * no request in the meantime.
 */
import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export class SocketHandling {
  private readonly closing = new WeakSet<Socket>();
  private readonly answering = new WeakMap<Socket, number>();

  /** `idleTimeoutMs` undefined leaves idle sockets to Node. */
  constructor(private readonly idleTimeoutMs?: number) {}

  /** Whether the socket is about to be closed: a request that came on it is not read. */
  refuses(socket: Socket): boolean {
    return this.closing.has(socket);
  }

  /** Follows one answer on its socket; once no answer is left on it, the idle timeout runs. */
  follow(res: ServerResponse): void {
    const socket = res.socket;
    if (socket === null) return;
    this.answering.set(socket, (this.answering.get(socket) ?? 0) + 1);
    res.once('close', () => {
      const left = (this.answering.get(socket) ?? 1) - 1;
      this.answering.set(socket, left);
      const idleTimeoutMs = this.idleTimeoutMs;
      if (idleTimeoutMs === undefined || left > 0) return;
      // After Node's own keep-alive timer is set, so that this one replaces it.
      setImmediate(() => {
        if ((this.answering.get(socket) ?? 0) === 0 && !socket.destroyed) socket.setTimeout(idleTimeoutMs);
      });
    });
  }

  /** Closes the socket `ms` after the answer was sent. */
  closeAfter(res: ServerResponse, ms: number): void {
    const socket = res.socket;
    if (socket === null) return;
    res.once('finish', () => {
      this.closing.add(socket);
      const timer = setTimeout(() => socket.destroy(), ms);
      socket.once('close', () => clearTimeout(timer));
    });
  }
}
