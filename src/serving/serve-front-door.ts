/**
 * How a request that came in by another front door (Anthropic Messages, Responses,
 * Ollama's native API) is served on one candidate: unaltered where the upstream serves
 * that API itself, else as chat completions through the candidate's adapter, the answer
 * written back in the front's format.
 */
import type { Request, Response } from 'express';
import type { Adapter, EndpointTranslation } from '../../core/adapter.js';
import type { ChatCompletion, ChatCompletionChunk } from '../../core/openai-types.js';
import type { Gateway } from '../gateway.js';
import { contextOf } from '../observability/request-context.js';
import { applyDefaults } from '../routing/apply-defaults.js';
import type { JsonBody, ServeAttempt } from '../routing/dispatch.js';
import type { AnswerSink } from './answer-sink.js';
import { serveTranslated } from './serve-translated.js';
import { shapeSink, shapingFor } from './shape-answer.js';
import type { HookChain } from '../hooks/hook-chain.js';
import { passthroughQuery, translateContextFor, upstreamBody, validateOnce } from './serve-endpoint.js';

export interface FrontServing<Answer, Chunk> {
  /** The API's path below a base URL; an adapter listing it in `nativePaths` takes the request unaltered. */
  nativePath: string;
  /** The client's own body, forwarded where the upstream serves the API itself. */
  clientBody: JsonBody;
  /** The request as an OpenAI endpoint takes it (chat completions, embeddings). */
  openAIBody: JsonBody;
  translation(adapter: Adapter): EndpointTranslation<unknown, Answer, Chunk>;
  sink(): AnswerSink<Answer, Chunk>;
  idPrefix: string;
  /** The answers are chat completions: hooks and the reasoning style apply, and with either they are never piped. */
  shapesChat: boolean;
  chain?: HookChain | undefined;
}

export function serveFrontDoor<Answer = ChatCompletion, Chunk = ChatCompletionChunk>(gateway: Gateway, req: Request, res: Response, serving: FrontServing<Answer, Chunk>): ServeAttempt {
  const context = contextOf(res);
  const validated = validateOnce(serving.openAIBody);
  return (candidate, mayRetry) => {
    const { adapter } = candidate.connection;
    const shaping = serving.shapesChat ? shapingFor(gateway, candidate, serving.openAIBody.model, serving.chain) : undefined;
    if (adapter.nativePaths.includes(serving.nativePath) && !shaping) {
      const rewritten = upstreamBody(candidate, serving.clientBody);
      const bytes = rewritten === serving.clientBody && context.rawBody ? context.rawBody : Buffer.from(JSON.stringify(rewritten));
      return gateway.proxyFor(candidate.connection).forward(req, res, { body: bytes, path: serving.nativePath + passthroughQuery(req), context, mayRetry });
    }
    const translation = serving.translation(adapter);
    return serveTranslated(
      {
        connection: candidate.connection,
        adapter,
        translation,
        request: applyDefaults(validated(translation.schema) as Record<string, unknown>, candidate.defaults),
        stream: serving.openAIBody.stream === true,
        translateContext: translateContextFor(candidate, serving.openAIBody.model, serving.idPrefix),
        context,
        sink: shaping ? (shapeSink(serving.sink() as unknown as AnswerSink<ChatCompletion, ChatCompletionChunk>, shaping) as unknown as AnswerSink<Answer, Chunk>) : serving.sink(),
      },
      res,
    );
  };
}
