import type { Request, Response } from 'express';
import type { Gateway } from '../gateway.js';
import { dispatch } from '../routing/dispatch.js';
import { encodeEmbedding } from '../serving/embedding-encoding.js';
import { embeddingsRequestSchema, type EmbeddingsResponse } from '../../core/openai-types.js';
import { contextOf } from '../observability/request-context.js';
import { servePassthrough, translateContextFor } from '../serving/serve-endpoint.js';
import { readJsonBody } from '../upstream/upstream-client.js';
import { callTranslated } from '../serving/serve-translated.js';
import { validateRequest } from '../edge/validate-request.js';
import { applyDefaults } from '../routing/apply-defaults.js';

/** POST /v1/embeddings */
export function embeddings(gateway: Gateway) {
  return (req: Request, res: Response) => {
    const passthrough = servePassthrough(gateway, req, res, '/embeddings');
    return dispatch(gateway, req, res, '/v1/embeddings', async (candidate, body, mayRetry) => {
      const { connection } = candidate;
      const { adapter } = connection;
      if (adapter.kind === 'passthrough') return passthrough(candidate, body, mayRetry);
      const request = validateRequest(embeddingsRequestSchema, applyDefaults(body, candidate.defaults));
      const translateContext = translateContextFor(candidate, body, '');
      const context = contextOf(res);
      const call = adapter.embeddings.request(request, translateContext);
      await callTranslated(connection, adapter, call, translateContext, context, async (response, signal) => {
        const { embeddings: vectors, promptTokens } = adapter.embeddings.response(await readJsonBody(connection, response.body, signal), translateContext);
        context.usage = { prompt_tokens: promptTokens, completion_tokens: 0, total_tokens: promptTokens };
        const answer: EmbeddingsResponse = {
          object: 'list',
          data: vectors.map((vector, index) => ({ object: 'embedding', index, embedding: encodeEmbedding(vector, request.encoding_format) })),
          model: body.model,
          usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
        };
        context.markFirstByte();
        res.setHeader('x-request-id', context.id);
        res.json(answer);
      });
    });
  };
}
