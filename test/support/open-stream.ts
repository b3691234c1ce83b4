/**
 * A raw node:http client for answers a test reads as they arrive: every chunk is kept as
 * received, so a test can prove a chunk reached it before the upstream sent the next one,
 * or that a multibyte character was split between two chunks.
 */
import { request, type IncomingHttpHeaders } from 'node:http';
import { StringDecoder } from 'node:string_decoder';
import { within } from './eventually.js';

export interface OpenStream {
  /** Resolves with the status and headers once the response head arrived. */
  head: Promise<{ status: number; headers: IncomingHttpHeaders }>;
  /** Everything received so far, as text. */
  text(): string;
  /** The body chunks as they arrived. */
  chunks: Buffer[];
  /** Whether the body ended as its framing promised (false when the connection was cut). */
  complete(): boolean;
  /** Resolves once the received text contains `fragment`; rejects after `ms`. */
  waitFor(fragment: string, ms?: number): Promise<void>;
  /** Resolves with the whole text once the response ended or its connection closed. */
  ended: Promise<string>;
  /** Hangs up, as a client that stops a chat does. */
  destroy(): void;
}

/** POSTs the body (JSON unless it is a string) and reads the answer chunk by chunk. */
export function openStream(url: string, body: unknown, headers: Record<string, string> = {}): OpenStream {
  const decoder = new StringDecoder('utf8');
  const chunks: Buffer[] = [];
  let received = '';
  let complete = false;
  const listeners = new Set<() => void>();
  let resolveHead: (head: { status: number; headers: IncomingHttpHeaders }) => void = () => undefined;
  let rejectHead: (error: Error) => void = () => undefined;
  let resolveEnded: (text: string) => void = () => undefined;
  const head = new Promise<{ status: number; headers: IncomingHttpHeaders }>((resolve, reject) => {
    resolveHead = resolve;
    rejectHead = reject;
  });
  const ended = new Promise<string>((resolve) => (resolveEnded = resolve));
  const payload = typeof body === 'string' ? body : JSON.stringify(body);
  const clientRequest = request(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers } }, (res) => {
    resolveHead({ status: res.statusCode ?? 0, headers: res.headers });
    res.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      received += decoder.write(chunk);
      for (const listener of listeners) listener();
    });
    const finish = () => {
      complete = res.complete;
      resolveEnded(received + decoder.end());
    };
    res.on('end', finish);
    res.on('close', finish);
    res.on('error', finish);
  });
  clientRequest.on('error', (error) => {
    rejectHead(error);
    resolveEnded(received);
  });
  clientRequest.end(payload);
  head.catch(() => undefined);
  return {
    head,
    text: () => received,
    chunks,
    complete: () => complete,
    waitFor(fragment, ms = 5000) {
      const arrived = new Promise<void>((resolve) => {
        const check = () => {
          if (!received.includes(fragment)) return;
          listeners.delete(check);
          resolve();
        };
        listeners.add(check);
        check();
      });
      return within(arrived, ms, `${JSON.stringify(fragment)} (received so far: ${JSON.stringify(received)})`);
    },
    ended,
    destroy: () => clientRequest.destroy(),
  };
}

/** What `readRaw` saw of one exchange. */
export interface RawExchange {
  status: number;
  headers: IncomingHttpHeaders;
  chunks: Buffer[];
  complete: boolean;
}

/** POSTs the body and waits for the whole answer, however it ended. */
export async function readRaw(url: string, body: unknown): Promise<RawExchange> {
  const stream = openStream(url, body);
  const { status, headers } = await stream.head;
  await stream.ended;
  return { status, headers, chunks: stream.chunks, complete: stream.complete() };
}
