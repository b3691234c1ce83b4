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
import { readRawBody } from './edge/read-raw-body.js';
import { anthropicMessagesFront } from '../fronts/anthropic/index.js';
import { renderOllamaError } from '../fronts/ollama/index.js';
import { renderErrorsAs } from './edge/render-errors-as.js';
import { ollamaFronts, serveMessages, serveOllamaGenerating } from './endpoints/front-door-endpoints.js';
import { listOllamaRunning, listOllamaTags, ollamaVersion, serveOllamaEmbed, showOllamaModel } from './endpoints/ollama-endpoints.js';
import { createResponse, deleteResponse, retrieveResponse } from './endpoints/responses-endpoints.js';
import { chatCompletionsEndpoint, completionsEndpoint, embeddingsEndpoint, serveOpenAI } from './endpoints/openai-endpoints.js';
import { health, metrics, ready } from './endpoints/health.js';
import { listModels, retrieveModel } from './endpoints/models.js';
import { registerStatusRoutes } from './status/register-status-routes.js';

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
  registerStatusRoutes(app, gateway);

  // Errors on the other front doors come in that front's own shape, a 401 included.
  app.use('/v1/messages', renderErrorsAs(anthropicMessagesFront.renderError));
  app.use('/api', renderErrorsAs(renderOllamaError));

  if (server.api_keys.length > 0 || server.rate_limit.requests_per_minute > 0) app.use(authenticate(server, gateway.state));
  const body = readRawBody({ limit: server.body_limit, timeoutMs: server.body_timeout_ms, onRefusal: (reason) => gateway.countEarlyRefusal(reason) });
  for (const prefix of ['/v1', '']) {
    app.get(`${prefix}/models`, listModels(gateway));
    app.get(`${prefix}/models/*id`, retrieveModel(gateway));
    app.post(`${prefix}/chat/completions`, body, serveOpenAI(gateway, chatCompletionsEndpoint));
    app.post(`${prefix}/completions`, body, serveOpenAI(gateway, completionsEndpoint));
    app.post(`${prefix}/embeddings`, body, serveOpenAI(gateway, embeddingsEndpoint));
  }
  app.post('/v1/messages', body, serveMessages(gateway));
  app.post('/v1/responses', body, createResponse(gateway));
  app.get('/v1/responses/:id', retrieveResponse(gateway));
  app.delete('/v1/responses/:id', deleteResponse(gateway));
  for (const { route, front, nativePath } of ollamaFronts) app.post(route, body, serveOllamaGenerating(gateway, route, front, nativePath));
  app.post('/api/embed', body, serveOllamaEmbed(gateway));
  app.get('/api/tags', listOllamaTags(gateway));
  app.get('/api/ps', listOllamaRunning(gateway));
  app.post('/api/show', body, showOllamaModel(gateway));
  app.get('/api/version', ollamaVersion());

  app.use((req: Request, _res: Response, next: NextFunction) => next(notFound(req.method, req.path)));
  app.use(handleErrors(gateway.logger));
  return app;
}
