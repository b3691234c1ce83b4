/**
 * One request/response over an undici dispatcher, the unit every load generator repeats.
 * The body is read to the end (and dropped) so the connection can be reused.
 */
import type { Dispatcher } from 'undici';

export interface RequestSpec {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

export interface ExchangeResult {
  status: number;
  bytes: number;
  /** The start of the body when the status was not 200, or the failure's message. */
  errorText?: string;
}

export interface ExchangeOptions {
  signal?: AbortSignal;
  /** Called for every body chunk as it arrives. */
  onChunk?: (chunk: Buffer) => void;
}

export async function exchange(dispatcher: Dispatcher, spec: RequestSpec, options: ExchangeOptions = {}): Promise<ExchangeResult> {
  try {
    const response = await dispatcher.request({
      method: spec.method,
      path: spec.path,
      headers: spec.headers,
      body: spec.body ?? null,
      signal: options.signal,
    });
    let bytes = 0;
    let errorText = '';
    for await (const chunk of response.body as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      options.onChunk?.(chunk);
      if (response.statusCode !== 200 && errorText.length < 300) errorText += chunk.toString('utf8', 0, 300);
    }
    return response.statusCode === 200 ? { status: 200, bytes } : { status: response.statusCode, bytes, errorText: errorText.slice(0, 300) };
  } catch (error) {
    return { status: 0, bytes: 0, errorText: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}

/** Headers every bench request carries, plus the content type of a JSON body. */
export function jsonRequest(path: string, body: unknown): RequestSpec {
  const bytes = Buffer.from(JSON.stringify(body));
  return { method: 'POST', path, headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: bytes };
}

export function getRequest(path: string): RequestSpec {
  return { method: 'GET', path, headers: { accept: 'application/json' } };
}
