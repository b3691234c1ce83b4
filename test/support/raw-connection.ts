/**
 * One TCP connection driven by hand, for what an HTTP client hides: exact response bytes,
 * when the server's FIN came, and whether the socket is still open.
 */
import { connect, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { within } from './eventually.js';

export interface RawConnection {
  /** Everything received so far, as latin1 text (one character per byte). */
  received(): string;
  /** `performance.now()` when the server's FIN arrived, once it did. */
  endedAt(): number | undefined;
  /** Whether the socket is still open in both directions. */
  isOpen(): boolean;
  /** Sends bytes as they are. */
  send(bytes: string): void;
  /** Resolves with `performance.now()` once the received bytes contain `fragment`. */
  waitFor(fragment: string, ms?: number): Promise<number>;
  /** Resolves with `performance.now()` at the server's FIN. */
  waitForEnd(ms?: number): Promise<number>;
  close(): Promise<void>;
}

/** An HTTP/1.1 request as bytes; a body gets its Content-Length. */
export function formatRequest(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): string {
  const payload = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
  const lines = [`${method} ${path} HTTP/1.1`, 'Host: 127.0.0.1', ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`)];
  if (body !== undefined) lines.push('Content-Type: application/json', `Content-Length: ${Buffer.byteLength(payload)}`);
  return `${lines.join('\r\n')}\r\n\r\n${payload}`;
}

export async function openRawConnection(port: number): Promise<RawConnection> {
  const socket: Socket = connect({ host: '127.0.0.1', port });
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  let text = '';
  let endedAt: number | undefined;
  const listeners = new Set<() => void>();
  const notify = () => listeners.forEach((listener) => listener());
  socket.on('data', (chunk: Buffer) => {
    text += chunk.toString('latin1');
    notify();
  });
  socket.on('end', () => {
    endedAt = performance.now();
    notify();
  });
  // A reset after the FIN is the server refusing more bytes: the test reads it from endedAt and isOpen.
  socket.on('error', () => undefined);
  const until = (check: () => number | undefined, ms: number, what: string) =>
    within(
      new Promise<number>((resolve) => {
        const listener = () => {
          const at = check();
          if (at === undefined) return;
          listeners.delete(listener);
          resolve(at);
        };
        listeners.add(listener);
        listener();
      }),
      ms,
      what,
    );
  return {
    received: () => text,
    endedAt: () => endedAt,
    isOpen: () => endedAt === undefined && !socket.destroyed,
    send: (bytes) => void socket.write(bytes),
    waitFor: (fragment, ms = 5000) => until(() => (text.includes(fragment) ? performance.now() : undefined), ms, `${JSON.stringify(fragment)} (received: ${JSON.stringify(text)})`),
    waitForEnd: (ms = 10_000) => until(() => endedAt, ms, "the server's FIN"),
    close: async () => void socket.destroy(),
  };
}
