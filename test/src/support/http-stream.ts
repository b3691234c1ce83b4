/**
 * A raw node:http client for streamed answers: it exposes every byte as it arrives, so a
 * test can prove a chunk reached the client before the upstream sent the next one.
 */
import { request, type IncomingHttpHeaders } from 'node:http';
import { within } from './async.js';

export interface OpenStream {
  /** Resolves with the status and headers once the response head arrived. */
  head: Promise<{ status: number; headers: IncomingHttpHeaders }>;
  /** Everything received so far. */
  text(): string;
  /** Resolves once the received text contains `fragment`; rejects after `ms`. */
  waitFor(fragment: string, ms?: number): Promise<void>;
  /** Resolves with the whole text once the response ended or its connection closed. */
  ended: Promise<string>;
  /** Hangs up, as a client that stops a chat does. */
  destroy(): void;
}

export function openStream(url: string, body: unknown, headers: Record<string, string> = {}): OpenStream {
  let received = '';
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
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      received += chunk;
      for (const listener of listeners) listener();
    });
    res.on('end', () => resolveEnded(received));
    res.on('close', () => resolveEnded(received));
    res.on('error', () => resolveEnded(received));
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

/** The JSON payloads of the `data:` lines of an SSE text, `[DONE]` left as the string. */
export function dataFrames(text: string): unknown[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith('data: '))
    .map((line) => line.slice('data: '.length))
    .map((data) => (data === '[DONE]' ? data : (JSON.parse(data) as unknown)));
}
