/**
 * How one endpoint is served on one candidate: passed through unaltered to an
 * OpenAI-compatible connection, or translated for any other.
 */
import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import type { z } from 'zod';
import type { EndpointTranslation, TranslateContext, TranslatingAdapter } from '../../core/adapter.js';
import { applyDefaults } from '../routing/apply-defaults.js';
import type { JsonBody, ServeAttempt } from '../routing/dispatch.js';
import type { Gateway } from '../gateway.js';
import type { Candidate } from '../routing/model-catalog.js';
import { contextOf } from '../observability/request-context.js';
import { serveTranslated } from './serve-translated.js';
import { validateRequest } from '../edge/validate-request.js';

export interface EndpointSpec<Body> {
  /** Path below an OpenAI-compatible base URL (`/chat/completions`). */
  passthroughPath: string;
  /** Prefix of generated response ids (`chatcmpl-`). */
  idPrefix: string;
  schema: z.ZodType<Body>;
  translation(adapter: TranslatingAdapter): EndpointTranslation<Body, unknown, unknown>;
}

export function createResponseId(prefix: string): string {
  // randomUUID draws from a pooled batch of entropy; a fresh randomBytes call per request does not.
  return prefix + randomUUID().replaceAll('-', '');
}

export function translateContextFor(candidate: Candidate, body: JsonBody, idPrefix: string): TranslateContext {
  return { publicModel: body.model, upstreamModel: candidate.upstreamModel, responseId: createResponseId(idPrefix), now: Math.floor(Date.now() / 1000) };
}

/** The body as the upstream should see it: alias defaults filled in, the upstream model id. */
export function upstreamBody(candidate: Candidate, body: JsonBody): JsonBody {
  const withDefaults = applyDefaults(body, candidate.defaults);
  return withDefaults.model === candidate.upstreamModel ? withDefaults : { ...withDefaults, model: candidate.upstreamModel };
}

export function passthroughQuery(req: Request): string {
  const index = req.originalUrl.indexOf('?');
  return index === -1 ? '' : req.originalUrl.slice(index);
}

/** Forwards the client's bytes, re-encoded only when the model id or defaults change them. */
export function servePassthrough(gateway: Gateway, req: Request, res: Response, path: string): ServeAttempt {
  return (candidate, body, mayRetry) => {
    const context = contextOf(res);
    const rewritten = upstreamBody(candidate, body);
    const bytes = rewritten === body && context.rawBody ? context.rawBody : Buffer.from(JSON.stringify(rewritten));
    return gateway.proxyFor(candidate.connection).forward(req, res, { body: bytes, path: path + passthroughQuery(req), context, mayRetry });
  };
}

export function serveEndpoint<Body>(gateway: Gateway, req: Request, res: Response, spec: EndpointSpec<Body>): ServeAttempt {
  const passthrough = servePassthrough(gateway, req, res, spec.passthroughPath);
  return (candidate, body, mayRetry) => {
    const { adapter } = candidate.connection;
    if (adapter.kind === 'passthrough') return passthrough(candidate, body, mayRetry);
    const validated = validateRequest(spec.schema, applyDefaults(body, candidate.defaults)) as Body & { stream?: boolean | null };
    return serveTranslated(
      {
        connection: candidate.connection,
        adapter,
        translation: spec.translation(adapter),
        body: validated,
        translateContext: translateContextFor(candidate, body, spec.idPrefix),
        context: contextOf(res),
      },
      res,
    );
  };
}
