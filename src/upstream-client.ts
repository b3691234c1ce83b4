/**
 * HTTP calls to upstreams for translated requests, model discovery and health checks,
 * over each connection's pooled undici Agent.
 */
import type { Dispatcher } from 'undici';
import type { UpstreamCall } from '../providers/adapter.js';
import type { Connection } from './connection.js';
import { upstreamError } from './errors.js';
import { toGatewayError, UpstreamTimeoutSignal } from './upstream-failure.js';

export interface AttemptSignal {
  signal: AbortSignal;
  dispose(): void;
}

/**
 * One signal per upstream attempt: aborted when the client goes away, and with an
 * UpstreamTimeoutSignal when the whole request outlives `timeoutMs`.
 */
export function createAttemptSignal(clientSignal: AbortSignal, timeoutMs: number): AttemptSignal {
  const controller = new AbortController();
  const onClientAbort = () => controller.abort(clientSignal.reason);
  if (clientSignal.aborted) onClientAbort();
  else clientSignal.addEventListener('abort', onClientAbort, { once: true });
  const timer = setTimeout(() => controller.abort(new UpstreamTimeoutSignal('total', timeoutMs)), timeoutMs);
  return {
    signal: controller.signal,
    dispose() {
      clearTimeout(timer);
      clientSignal.removeEventListener('abort', onClientAbort);
    },
  };
}

export interface CallOptions {
  signal: AbortSignal;
  requestId?: string;
  /** Wait for the response head; defaults to the connection's `timeout_ms`. */
  headersTimeoutMs?: number;
}

/** Sends one call; resolves with the response head and a streaming body. */
export async function sendUpstream(connection: Connection, call: UpstreamCall, options: CallOptions): Promise<Dispatcher.ResponseData> {
  const headers: Record<string, string> = { ...connection.upstreamHeaders, accept: 'application/json, application/x-ndjson, text/event-stream' };
  if (options.requestId) headers['x-request-id'] = options.requestId;
  let body: string | undefined;
  if (call.body !== undefined) {
    body = JSON.stringify(call.body);
    headers['content-type'] = 'application/json';
  }
  try {
    return await connection.dispatcher.request({
      origin: connection.origin,
      path: connection.basePath + call.path,
      method: call.method,
      headers,
      body,
      signal: options.signal,
      headersTimeout: options.headersTimeoutMs ?? connection.config.timeout_ms,
      bodyTimeout: connection.config.idle_timeout_ms,
    });
  } catch (error) {
    throw toGatewayError(error, connection.name, options.signal);
  }
}

/** Reads a whole JSON body, mapping unreadable or non-JSON bodies to 502. */
export async function readJsonBody(connection: Connection, body: Dispatcher.ResponseData['body'], signal: AbortSignal): Promise<unknown> {
  let text: string;
  try {
    text = await body.text();
  } catch (error) {
    throw toGatewayError(error, connection.name, signal);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw upstreamError(`Connection '${connection.name}' answered with a body that is not JSON: ${excerpt(text)}`, 'bad_response');
  }
}

export async function readTextBody(connection: Connection, body: Dispatcher.ResponseData['body'], signal: AbortSignal): Promise<string> {
  try {
    return await body.text();
  } catch (error) {
    throw toGatewayError(error, connection.name, signal);
  }
}

export function excerpt(text: string, length = 120): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > length ? `${flat.slice(0, length)}…` : flat;
}

/** A small GET/POST whose JSON answer is read whole; used for discovery and health checks. */
export async function fetchUpstreamJson(connection: Connection, call: UpstreamCall, timeoutMs: number): Promise<unknown> {
  const signal = AbortSignal.timeout(timeoutMs);
  const response = await sendUpstream(connection, call, { signal, headersTimeoutMs: timeoutMs });
  if (response.statusCode < 200 || response.statusCode >= 300) {
    const text = await readTextBody(connection, response.body, signal).catch(() => '');
    throw upstreamError(`Connection '${connection.name}' answered ${call.path} with HTTP ${response.statusCode}: ${excerpt(text)}`, response.statusCode >= 500 ? 'http_5xx' : 'http_4xx');
  }
  return readJsonBody(connection, response.body, signal);
}
