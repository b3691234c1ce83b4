/**
 * The one way load polls reach an upstream: a GET through `sendUpstream` (the
 * connection's pool, headers and API key), its body read whole as text within the poll's
 * time limit and a size bound. Paths are taken from the server root, not the base URL:
 * vLLM serves `/metrics` and llama-server `/slots` at the root while their base URL ends
 * in `/v1`.
 */
import type { IncomingMessage } from 'node:http';
import type { Connection } from '../connection.js';
import { sendUpstream } from '../send-upstream.js';

export interface LoadAnswer {
  status: number;
  /** The body of a 2xx answer; empty for any other status (its body is not read). */
  text: string;
}

/** Reads `path` (from the server root) on `connection` within `timeoutMs`; rejects on any transport failure. */
export type FetchLoadText = (connection: Connection, path: string, timeoutMs: number) => Promise<LoadAnswer>;

/** A vLLM serving many LoRA adapters writes a few hundred kB of histograms; more than this is not a metrics page. */
export const loadBodyLimit = 4 * 1024 * 1024;

/**
 * The path of the server root under which the base URL's API lives: the base path
 * without its `/v1` (`/v1` → "", `/vllm/v1` behind a proxy → `/vllm`).
 */
export function serverRootOf(connection: Pick<Connection, 'basePath'>): string {
  return connection.basePath.replace(/\/v1$/, '');
}

/**
 * The connection seen from its server root: `sendUpstream` puts the base path in front of
 * every call, so polls use a view whose base path is empty and which shares everything
 * else (pool, headers, observer) with the connection itself.
 */
function atServerRoot(connection: Connection): Connection {
  return Object.create(connection, { basePath: { value: '' } }) as Connection;
}

export const fetchLoadText: FetchLoadText = async (connection, path, timeoutMs) => {
  const signal = AbortSignal.timeout(timeoutMs);
  const response = await sendUpstream(atServerRoot(connection), { method: 'GET', path }, { signal });
  const status = response.statusCode ?? 502;
  if (status < 200 || status >= 300) {
    // Nothing in an error answer is a load signal; drop it so the socket is freed.
    response.resume();
    return { status, text: '' };
  }
  return { status, text: await readBoundedText(response) };
};

/**
 * The body as text, cut at `loadBodyLimit` back to the last whole line (a cut line could
 * read as a wrong number). A body that breaks rejects (the poll then counts as unknown).
 */
async function readBoundedText(response: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response) {
    chunks.push(chunk as Buffer);
    size += (chunk as Buffer).length;
    if (size >= loadBodyLimit) {
      response.destroy();
      const text = Buffer.concat(chunks).subarray(0, loadBodyLimit).toString('utf8');
      return text.slice(0, text.lastIndexOf('\n') + 1);
    }
  }
  if (!response.complete) throw new Error('the load answer ended before its body was complete');
  return Buffer.concat(chunks).toString('utf8');
}
