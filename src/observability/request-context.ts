/**
 * What the gateway knows about one request while serving it. Created by the first
 * middleware, filled in by the routes, and turned into metrics and one log line when the
 * response closes.
 */
import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import type { Usage } from '../../core/openai-types.js';
import type { GatewayMetrics } from './metrics.js';
import type { Logger } from './logger.js';
import { findRoutePattern, unmatchedRoute } from './route-pattern.js';
import { rollingStatsOf } from '../status/rolling-stats-of.js';

const quietRoutes = new Set(['/health', '/ready', '/metrics', '/status', '/ui']);
const requestIdPattern = /^[A-Za-z0-9._:-]{1,128}$/;

export class RequestContext {
  readonly startedAt = performance.now();
  /** The route pattern, e.g. `/v1/chat/completions`; set by the route that handles it. */
  route = unmatchedRoute;
  /** The public model id as configured or discovered; `unknown` until routed. */
  model = 'unknown';
  /** The connection that served the request; `none` until one is chosen. */
  connection = 'none';
  /** `tool_choice` asked for a call and the model answered without one (counted, logged). */
  toolChoiceMissed = false;
  /** Why routing chose that connection (`loaded`, `least_busy`, `affinity`, `failover`, …). */
  routingReason: string | undefined;
  stream = false;
  firstByteAt: number | undefined;
  usage: Usage | undefined;
  /** The status of the upstream's answer, as it came (passthrough mode). */
  upstreamStatus: number | undefined;
  errorMessage: string | undefined;
  /** Raw request body, kept so passthrough can forward it byte for byte. */
  rawBody: Buffer | undefined;
  /** Set to abort the upstream request when the client goes away. */
  readonly abort = new AbortController();

  constructor(readonly id: string) {}

  /** Marks the moment the first content byte went to the client. */
  markFirstByte(): void {
    this.firstByteAt ??= performance.now();
  }

  get elapsedSeconds(): number {
    return (performance.now() - this.startedAt) / 1000;
  }
}

/** Keeps a well-formed incoming `x-request-id`, otherwise makes one. */
export function chooseRequestId(incoming: string | string[] | undefined): string {
  return typeof incoming === 'string' && requestIdPattern.test(incoming) ? incoming : randomUUID();
}

export function contextOf(res: Response): RequestContext {
  return res.locals.context as RequestContext;
}

/**
 * Records metrics and writes the request's one log line once its response has closed.
 * Every label comes from configuration or a fixed set: the route pattern, the public model
 * id the router resolved (else `unknown`), the connection name (else `none`).
 */
export function recordCompletion(req: Request, res: Response, metrics: GatewayMetrics, logger: Logger): void {
  const context = contextOf(res);
  const aborted = !res.writableFinished;
  // A client that went away before the answer was complete is counted as 499, as nginx does.
  const status = aborted && !res.headersSent ? 499 : res.statusCode;
  // Requests refused before their handler ran (401, 413, 429) still count under their route.
  const route = context.route === unmatchedRoute ? findRoutePattern(req.method, req.originalUrl) : context.route;
  const { model, connection } = context;
  metrics.requests.inc({ route, model, connection, status: String(status) });
  metrics.requestDuration.observe({ route, model, connection }, context.elapsedSeconds);
  const ttft = context.firstByteAt === undefined ? undefined : (context.firstByteAt - context.startedAt) / 1000;
  if (ttft !== undefined && connection !== 'none' && status < 400) metrics.timeToFirstToken.observe({ model, connection }, ttft);
  if (context.usage && connection !== 'none') {
    metrics.tokens.inc({ model, connection, kind: 'prompt' }, context.usage.prompt_tokens);
    metrics.tokens.inc({ model, connection, kind: 'completion' }, context.usage.completion_tokens);
  }
  if (context.toolChoiceMissed) metrics.toolChoiceMisses.inc({ model, connection });
  rollingStatsOf(metrics).record({ model, status, ttftSeconds: ttft, completionTokens: context.usage?.completion_tokens });
  // Probes and scrapes come every few seconds; they would drown the request log.
  const level = quietRoutes.has(route) && status < 400 ? 'debug' : 'info';
  logger[level](
    {
      request_id: context.id,
      method: req.method,
      route,
      model,
      connection,
      routing_reason: context.routingReason,
      tool_choice_missed: context.toolChoiceMissed || undefined,
      status,
      stream: context.stream,
      duration_ms: Math.round(context.elapsedSeconds * 1000),
      ttft_ms: ttft === undefined ? undefined : Math.round(ttft * 1000),
      prompt_tokens: context.usage?.prompt_tokens,
      completion_tokens: context.usage?.completion_tokens,
      client_aborted: aborted || undefined,
      error: context.errorMessage,
    },
    'request',
  );
}
