/**
 * How one OpenAI endpoint is served on one candidate: passed through unaltered to a
 * connection whose upstream speaks OpenAI, or translated for any other. Chat, legacy
 * completions and embeddings are each one `Endpoint` description.
 */
import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import type { z } from 'zod';
import type { Adapter, EndpointTranslation, TranslateContext } from '../../core/adapter.js';
import type { ChatCompletion, ChatCompletionChunk } from '../../core/openai-types.js';
import { validateRequest } from '../edge/validate-request.js';
import type { Gateway } from '../gateway.js';
import { contextOf } from '../observability/request-context.js';
import { applyDefaults } from '../routing/apply-defaults.js';
import type { JsonBody, ServeAttempt } from '../routing/dispatch.js';
import type { Candidate } from '../routing/model-catalog.js';
import { openAISink } from './answer-sink.js';
import { serveTranslated } from './serve-translated.js';
import { shapeSink, shapingFor } from './shape-answer.js';
import type { HookChain } from '../hooks/hook-chain.js';

export interface Endpoint {
  /** The route pattern, as the metrics' `route` label (`/v1/chat/completions`). */
  route: string;
  /** Path below an OpenAI-compatible base URL (`/chat/completions`). */
  passthroughPath: string;
  /** Prefix of generated response ids (`chatcmpl-`). */
  idPrefix: string;
  translation(adapter: Adapter): EndpointTranslation<unknown, unknown, unknown>;
  /** Chat answers: hooks and the reasoning style apply. */
  shapesChat?: boolean;
}

export function createResponseId(prefix: string): string {
  // randomUUID draws from a pooled batch of entropy; a fresh randomBytes call per request does not.
  return prefix + randomUUID().replaceAll('-', '');
}

export function translateContextFor(candidate: Candidate, publicModel: string, idPrefix: string): TranslateContext {
  return { publicModel, upstreamModel: candidate.upstreamModel, responseId: createResponseId(idPrefix), now: Math.floor(Date.now() / 1000) };
}

/** The body as a passthrough upstream should see it: alias defaults filled in, the upstream model id. */
export function upstreamBody(candidate: Candidate, body: JsonBody): JsonBody {
  const withDefaults = applyDefaults(body, candidate.defaults);
  return withDefaults.model === candidate.upstreamModel ? withDefaults : { ...withDefaults, model: candidate.upstreamModel };
}

export function passthroughQuery(req: Request): string {
  const index = req.originalUrl.indexOf('?');
  return index === -1 ? '' : req.originalUrl.slice(index);
}

/**
 * Validates a body once per schema: failing over from an Ollama connection to another
 * one checks nothing twice, and every mistake is worded once (`validate-request.ts`).
 */
export function validateOnce(body: JsonBody): (schema: z.ZodType) => unknown {
  const validated = new Map<z.ZodType, unknown>();
  return (schema) => {
    if (!validated.has(schema)) validated.set(schema, validateRequest(schema, body));
    return validated.get(schema);
  };
}

export function serveEndpoint(gateway: Gateway, req: Request, res: Response, endpoint: Endpoint, body: JsonBody, chain?: HookChain): ServeAttempt {
  const context = contextOf(res);
  const validated = validateOnce(body);
  return (candidate, mayRetry) => {
    const { adapter } = candidate.connection;
    // Hooks on answers, a reasoning style or <think> splitting read the answer: it is translated (as it is, for OpenAI upstreams) instead of piped.
    const shaping = endpoint.shapesChat ? shapingFor(gateway, candidate, body.model, chain) : undefined;
    if (adapter.passthrough && !shaping) {
      const rewritten = upstreamBody(candidate, body);
      const bytes = rewritten === body && context.rawBody ? context.rawBody : Buffer.from(JSON.stringify(rewritten));
      return gateway.proxyFor(candidate.connection).forward(req, res, { body: bytes, path: endpoint.passthroughPath + passthroughQuery(req), context, mayRetry });
    }
    const translation = endpoint.translation(adapter);
    const request = applyDefaults(validated(translation.schema) as Record<string, unknown>, candidate.defaults);
    return serveTranslated(
      {
        connection: candidate.connection,
        adapter,
        translation,
        request,
        stream: body.stream === true,
        translateContext: translateContextFor(candidate, body.model, endpoint.idPrefix),
        context,
        sink: shaping ? shapeSink(openAISink<ChatCompletion, ChatCompletionChunk>(res, context), shaping) : openAISink(res, context),
      },
      res,
    );
  };
}
