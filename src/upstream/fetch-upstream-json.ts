import type { UpstreamCall } from '../../core/adapter.js';
import { upstreamError } from '../../core/gateway-error.js';
import type { Connection } from './connection.js';
import { excerpt, readErrorBody, readJsonBody } from './read-upstream-body.js';
import { sendUpstream } from './send-upstream.js';

/** A small GET whose JSON answer is read whole, within `timeoutMs`: discovery, health checks, load polls. */
export async function fetchUpstreamJson(connection: Connection, call: UpstreamCall, timeoutMs: number): Promise<unknown> {
  const signal = AbortSignal.timeout(timeoutMs);
  const response = await sendUpstream(connection, call, { signal });
  const status = response.statusCode ?? 502;
  if (status < 200 || status >= 300) {
    const text = await readErrorBody(response);
    throw upstreamError(`Connection '${connection.name}' answered ${call.path} with HTTP ${status}: ${excerpt(text)}`, status >= 500 ? 'http_5xx' : 'http_4xx');
  }
  return readJsonBody(connection, response, signal);
}
