/**
 * Small HTTP helpers for the stand-in tests: JSON posts, NDJSON and SSE parsing, and a raw
 * node:http reader that keeps every chunk as it arrived.
 */
import { request } from 'node:http';

export function postJson(url: string, body: unknown, init: RequestInit = {}): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    ...init,
    headers: { 'content-type': 'application/json', ...(init.headers as Record<string, string> | undefined) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** Every line of an NDJSON body, parsed; a line that is not JSON throws. */
export function parseNdjson(text: string): Array<Record<string, unknown>> {
  return text
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** The `data:` payloads of an SSE body, in order (including `[DONE]`). */
export function parseSseData(text: string): string[] {
  return text
    .split('\n\n')
    .filter((frame) => frame.length > 0)
    .map((frame) => {
      if (!frame.startsWith('data: ')) throw new Error(`not an SSE data frame: ${frame}`);
      return frame.slice('data: '.length);
    });
}

/** The JSON payloads of an SSE body, without the final `[DONE]`. */
export function parseSseJson(text: string): Array<Record<string, unknown>> {
  return parseSseData(text)
    .filter((payload) => payload !== '[DONE]')
    .map((payload) => JSON.parse(payload) as Record<string, unknown>);
}

export interface RawExchange {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  chunks: Buffer[];
  /** How the body ended: `end` (complete), or the error that cut it. */
  ending: 'end' | string;
}

/** POSTs JSON with node:http and records each body chunk as received. */
export function postRaw(url: string, body: unknown): Promise<RawExchange> {
  return new Promise((resolve, reject) => {
    const payload = JSON.stringify(body);
    let settle: ((ending: string) => void) | undefined;
    const outgoing = request(url, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } }, (res) => {
      const chunks: Buffer[] = [];
      let settled = false;
      settle = (ending) => {
        if (settled) return;
        settled = true;
        resolve({ status: res.statusCode ?? 0, headers: res.headers, chunks, ending });
      };
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => settle?.('end'));
      res.on('error', (error) => settle?.(error.message));
      res.on('aborted', () => settle?.('aborted'));
      res.on('close', () => settle?.(res.complete ? 'end' : 'closed'));
    });
    // Once the answer has started, a broken connection ends the body instead of failing the call.
    outgoing.on('error', (error) => (settle === undefined ? reject(error) : settle(error.message)));
    outgoing.end(payload);
  });
}

export function chatBody(model: string, text: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { model, messages: [{ role: 'user', content: text }], ...extra };
}

/** Waits until the condition holds (or fails after a second). */
export async function waitFor(condition: () => boolean, timeoutMs = 1000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
