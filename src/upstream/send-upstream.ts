/**
 * The one function that sends a request to an upstream (translated calls, model
 * discovery, health checks and load polls), on node:http with the connection's keep-alive
 * pool. Passthrough forwards with http-proxy-middleware on the same pool and the same
 * socket rules (`socket-reuse.ts`).
 */
import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { UpstreamCall } from '../../core/adapter.js';
import type { Connection } from './connection.js';
import { isStaleSocketFailure, watchSocketAfterStream } from './socket-reuse.js';
import { toGatewayError } from './upstream-failure.js';

export interface SendOptions {
  signal: AbortSignal;
  requestId?: string;
  /** The answer will be a stream: on a connection that closes its socket after streams, it gets a socket of its own. */
  stream?: boolean;
}

function encodeCall(connection: Connection, call: UpstreamCall, options: SendOptions): { headers: Record<string, string | number>; body: Buffer | undefined } {
  const headers: Record<string, string | number> = { ...connection.upstreamHeaders, accept: 'application/json, application/x-ndjson, text/event-stream' };
  if (options.requestId) headers['x-request-id'] = options.requestId;
  if (options.stream && connection.closesAfterStreams) headers.connection = 'close';
  const body = call.body === undefined ? undefined : Buffer.from(JSON.stringify(call.body));
  if (body) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = body.length;
  }
  return { headers, body };
}

/**
 * Sends one call and resolves with the response head; the body streams in. A call that
 * fails on a pooled socket before any answer (the upstream had closed it) is sent once
 * more on a fresh socket: nothing reached the upstream's model, so it is safe to repeat.
 */
export function sendUpstream(connection: Connection, call: UpstreamCall, options: SendOptions): Promise<IncomingMessage> {
  const { headers, body } = encodeCall(connection, call, options);
  const send = connection.url.protocol === 'https:' ? httpsRequest : httpRequest;
  const attempt = (fresh: boolean): Promise<IncomingMessage> =>
    new Promise((resolve, reject) => {
      const request: ClientRequest = send(connection.url, {
        method: call.method,
        path: connection.basePath + call.path,
        headers,
        agent: fresh ? false : connection.agent,
        signal: options.signal,
      });
      let responded = false;
      request.once('response', (response) => {
        responded = true;
        if (options.stream) watchSocketAfterStream(connection, response);
        resolve(response);
      });
      request.on('error', (error) => {
        // Once the head arrived, a broken socket is the body's to report.
        if (responded) return;
        if (!fresh && isStaleSocketFailure(request, error, options.signal)) {
          connection.observer.staleSocketRetried(connection);
          resolve(attempt(true));
          return;
        }
        reject(toGatewayError(error, connection.name, options.signal));
      });
      request.end(body);
    });
  return attempt(false);
}
