/**
 * Sends one client request to the connections that serve its model: in the router's
 * order, each within its concurrency limit and breaker, moving on to the next when an
 * attempt fails before any byte reached the client.
 */
import type { Request, Response } from 'express';
import type { Candidate } from './model-catalog.js';
import type { Gateway } from '../gateway.js';
import { GatewayError, isGatewayError } from '../../core/gateway-error.js';
import { contextOf } from '../observability/request-context.js';
import { parseJsonObject } from '../edge/request-body.js';
import { finalFailure, toGatewayError } from '../upstream/upstream-failure.js';
import { allowedModelsOf } from '../edge/authenticate.js';

export type JsonBody = Record<string, unknown> & { model: string };

/** Serves the request on one candidate; throws a GatewayError when that failed. */
export type ServeAttempt = (candidate: Candidate, body: JsonBody, mayRetry: boolean) => Promise<void>;

export async function dispatch(gateway: Gateway, req: Request, res: Response, route: string, serve: ServeAttempt): Promise<void> {
  const context = contextOf(res);
  context.route = route;
  const body = parseJsonObject(context.rawBody ?? Buffer.alloc(0));
  context.stream = body.stream === true;
  let candidates: Candidate[];
  try {
    candidates = await gateway.router.route(body.model, allowedModelsOf(res));
  } catch (error) {
    // A model that exists but is served by no connection that is up still counts under its id.
    if (isGatewayError(error) && error.code === 'no_upstream_available') context.model = body.model;
    throw error;
  }
  context.model = body.model;
  let lastError: GatewayError | undefined;
  for (const [index, candidate] of candidates.entries()) {
    if (context.abort.signal.aborted) return;
    const { connection } = candidate;
    const mayRetry = index < candidates.length - 1;
    let release: () => void;
    try {
      release = await connection.limiter.acquire(context.abort.signal);
    } catch (error) {
      if (!isGatewayError(error)) return; // the client went away while waiting
      lastError = error;
      continue;
    }
    if (!connection.breaker.tryAcquire()) {
      release();
      continue;
    }
    context.connection = connection.name;
    gateway.metrics.inflight.inc({ connection: connection.name });
    try {
      await serve(candidate, body, mayRetry);
      connection.breaker.recordSuccess();
      return;
    } catch (error) {
      if (context.abort.signal.aborted) {
        connection.breaker.releaseProbe();
        return;
      }
      const failure = toGatewayError(error, connection.name);
      if (failure.upstreamReason) {
        gateway.metrics.countUpstreamError(connection.name, failure.upstreamReason);
        if (failure.upstreamReason === 'http_4xx') connection.breaker.recordSuccess();
        else connection.breaker.recordFailure();
      } else {
        // A 400 from validation or a gateway fault says nothing about the upstream.
        connection.breaker.releaseProbe();
      }
      if (res.headersSent || !failure.retryable) throw failure;
      if (mayRetry) gateway.logger.warn({ request_id: context.id, connection: connection.name, error: failure.message }, 'upstream attempt failed; trying the next connection');
      lastError = failure;
    } finally {
      gateway.metrics.inflight.dec({ connection: connection.name });
      release();
    }
  }
  throw finalFailure(body.model, lastError);
}
