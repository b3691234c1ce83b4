/**
 * The Express application: middleware order and the route table. Health, readiness and
 * metrics answer without a key; everything else goes through authentication.
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Gateway } from './gateway.js';
import { authenticate } from './edge/authenticate.js';
import { allowOrigins } from './edge/allow-origins.js';
import { handleErrors } from './edge/handle-errors.js';
import { notFound } from '../core/gateway-error.js';
import { chooseRequestId, recordCompletion, RequestContext } from './observability/request-context.js';
import { readRawBody } from './edge/request-body.js';
import { chatCompletions } from './endpoints/chat-completions.js';
import { completions } from './endpoints/completions.js';
import { embeddings } from './endpoints/embeddings.js';
import { health, metrics, ready } from './endpoints/health.js';
import { listModels, retrieveModel } from './endpoints/models.js';

/** Creates the request's context, echoes its id, and records it once the response closes. */
function trackRequests(gateway: Gateway) {
  return (req: Request, res: Response, next: NextFunction) => {
    const context = new RequestContext(chooseRequestId(req.headers['x-request-id']));
    res.locals.context = context;
    res.setHeader('x-request-id', context.id);
    gateway.openResponses.add(res);
    res.once('close', () => {
      gateway.openResponses.delete(res);
      // A client that goes away before the answer is complete cancels the upstream request.
      if (!res.writableFinished) context.abort.abort(new Error('client closed the connection'));
      recordCompletion(req, res, gateway.metrics, gateway.logger);
    });
    next();
  };
}

export function createApp(gateway: Gateway): express.Express {
  const { server } = gateway.config;
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  app.set('query parser', 'simple');

  app.use(trackRequests(gateway));
  // Layers that would do nothing are left out: every request walks the whole stack.
  if (server.cors_origins.length > 0) app.use(allowOrigins(server.cors_origins));

  app.get('/health', health());
  app.get('/ready', ready(gateway));
  app.get('/metrics', metrics(gateway));

  if (server.api_keys.length > 0 || server.rate_limit.requests_per_minute > 0) app.use(authenticate(server));
  const body = readRawBody(server.body_limit);
  for (const prefix of ['/v1', '']) {
    app.get(`${prefix}/models`, listModels(gateway));
    app.get(`${prefix}/models/*id`, retrieveModel(gateway));
    app.post(`${prefix}/chat/completions`, body, chatCompletions(gateway));
    app.post(`${prefix}/completions`, body, completions(gateway));
    app.post(`${prefix}/embeddings`, body, embeddings(gateway));
  }

  app.use((req: Request, _res: Response, next: NextFunction) => next(notFound(req.method, req.path)));
  app.use(handleErrors(gateway.logger));
  return app;
}
