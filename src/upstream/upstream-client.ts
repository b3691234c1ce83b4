/**
 * HTTP calls to upstreams for translated requests, model discovery and health checks, on
 * node:http with each connection's keep-alive agent (the one passthrough uses too).
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { UpstreamCall } from '../../core/adapter.js';
import type { Connection } from './connection.js';
import { upstreamError } from '../../core/gateway-error.js';
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
}

export interface UpstreamResponse {
  statusCode: number;
  /** The body as it streams in; ends with an error when the upstream stalls past `idle_timeout_ms`. */
  body: IncomingMessage;
}

/** Sends one call; resolves with the response head and a streaming body. */
export function sendUpstream(connection: Connection, call: UpstreamCall, options: CallOptions): Promise<UpstreamResponse> {
  const headers: Record<string, string | number> = { ...connection.upstreamHeaders, accept: 'application/json, application/x-ndjson, text/event-stream' };
  if (options.requestId) headers['x-request-id'] = options.requestId;
  const body = call.body === undefined ? undefined : Buffer.from(JSON.stringify(call.body));
  if (body) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = body.length;
  }
  const send = connection.url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const request = send(connection.url, { method: call.method, path: connection.basePath + call.path, headers, agent: connection.agent, signal: options.signal });
    request.once('response', (response) => {
      // Once the answer has started, a silence longer than idle_timeout_ms ends it.
      const { idle_timeout_ms } = connection.config;
      response.setTimeout(idle_timeout_ms, () => response.destroy(new UpstreamTimeoutSignal('idle', idle_timeout_ms)));
      resolve({ statusCode: response.statusCode ?? 502, body: response });
    });
    request.once('error', (error) => reject(toGatewayError(error, connection.name, options.signal)));
    request.end(body);
  });
}

/** Reads a whole body as text; a body cut short is an upstream failure. */
export async function readTextBody(connection: Connection, body: IncomingMessage, signal: AbortSignal): Promise<string> {
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of body) chunks.push(chunk as Buffer);
  } catch (error) {
    throw toGatewayError(error, connection.name, signal);
  }
  if (!body.complete) throw upstreamError(`Connection '${connection.name}' closed the connection before the body was complete.`, 'disconnected');
  return Buffer.concat(chunks).toString('utf8');
}

/** Reads a whole JSON body, mapping unreadable or non-JSON bodies to 502. */
export async function readJsonBody(connection: Connection, body: IncomingMessage, signal: AbortSignal): Promise<unknown> {
  const text = await readTextBody(connection, body, signal);
  try {
    return JSON.parse(text);
  } catch {
    throw upstreamError(`Connection '${connection.name}' answered with a body that is not JSON: ${excerpt(text)}`, 'bad_response');
  }
}

export function excerpt(text: string, length = 120): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > length ? `${flat.slice(0, length)}…` : flat;
}

/** A small GET/POST whose JSON answer is read whole; used for discovery and health checks. */
export async function fetchUpstreamJson(connection: Connection, call: UpstreamCall, timeoutMs: number): Promise<unknown> {
  const signal = AbortSignal.timeout(timeoutMs);
  const response = await sendUpstream(connection, call, { signal });
  if (response.statusCode < 200 || response.statusCode >= 300) {
    const text = await readTextBody(connection, response.body, signal).catch(() => '');
    throw upstreamError(`Connection '${connection.name}' answered ${call.path} with HTTP ${response.statusCode}: ${excerpt(text)}`, response.statusCode >= 500 ? 'http_5xx' : 'http_4xx');
  }
  return readJsonBody(connection, response.body, signal);
}
