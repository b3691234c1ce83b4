/**
 * The one place errors become responses: OpenAI-shaped JSON before anything was sent, a
 * final SSE error frame once a stream has started.
 */
import type { NextFunction, Request, Response } from 'express';
import { GatewayError, invalidJson, isGatewayError, requestTooLarge } from '../../core/gateway-error.js';
import type { Logger } from '../observability/logger.js';
import { contextOf } from '../observability/request-context.js';
import { errorFrame } from '../streaming/sse-writer.js';
import { rendererOf } from './render-errors-as.js';

/** Express's own body and URL errors, named for the client. */
function fromExpressError(error: unknown): GatewayError {
  if (isGatewayError(error)) return error;
  const { type, status } = (error ?? {}) as { type?: string; status?: number };
  if (type === 'entity.too.large') return requestTooLarge('body_limit');
  if (type === 'entity.parse.failed' || (status === 400 && error instanceof URIError)) return invalidJson((error as Error).message);
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new GatewayError({ status, type: 'invalid_request_error', code: 'invalid_request', message: (error as Error).message });
  }
  return new GatewayError({ status: 500, type: 'server_error', code: 'internal_error', message: 'The gateway failed to handle the request.', cause: error });
}

export function handleErrors(logger: Logger) {
  return (error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const failure = fromExpressError(error);
    const context = res.locals.context ? contextOf(res) : undefined;
    if (context) context.errorMessage = failure.message;
    if (failure.status >= 500 && !failure.upstreamReason && failure.code === 'internal_error') {
      logger.error({ request_id: context?.id, err: error }, 'unexpected error');
    }
    if (res.headersSent) {
      if (res.writableEnded) return;
      if (String(res.getHeader('content-type') ?? '').startsWith('text/event-stream')) res.end(errorFrame(failure));
      else res.destroy();
      return;
    }
    const render = rendererOf(res);
    if (render) {
      const rendered = render(failure);
      for (const [name, value] of Object.entries(rendered.headers ?? {})) res.setHeader(name, value);
      res.status(rendered.status).json(rendered.body);
      return;
    }
    if (failure.retryAfter !== undefined) res.setHeader('retry-after', String(failure.retryAfter));
    res.status(failure.status).json(failure.toJSON());
  };
}
