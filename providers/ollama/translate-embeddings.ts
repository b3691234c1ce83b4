import type { TranslateContext, UpstreamCall } from '../../core/adapter.js';
import { encodeEmbedding } from '../../core/encode-embedding.js';
import type { EmbeddingsResponse, Usage } from '../../core/openai-types.js';
import { upstreamError } from '../../core/gateway-error.js';
import type { OllamaEmbeddingsRequest } from './ollama-request-schemas.js';
import { ollamaEmbedSchema } from './ollama-types.js';

/**
 * An embeddings request as `POST /api/embed`, which takes a string or a list as OpenAI
 * does. Ollama's own knobs (`truncate`, `options`, `keep_alive`) and `dimensions` pass on;
 * `encoding_format` is the gateway's business (it encodes base64 itself).
 */
export function translateEmbeddingsRequest(request: OllamaEmbeddingsRequest, context: TranslateContext): UpstreamCall {
  return {
    method: 'POST',
    path: '/api/embed',
    body: {
      model: context.upstreamModel,
      input: request.input,
      ...(request.truncate === undefined ? {} : { truncate: request.truncate }),
      ...(request.options === undefined ? {} : { options: request.options }),
      ...(request.keep_alive === undefined ? {} : { keep_alive: request.keep_alive }),
      ...(request.dimensions === undefined ? {} : { dimensions: request.dimensions }),
    },
  };
}

/**
 * `/api/embed`'s answer (one float vector per input, and the prompt's token count) as an
 * OpenAI list, each vector in the `encoding_format` the client asked for.
 */
export function translateEmbeddingsResponse(
  body: unknown,
  request: OllamaEmbeddingsRequest,
  context: TranslateContext,
): { response: EmbeddingsResponse; usage: Usage } {
  const parsed = ollamaEmbedSchema.safeParse(body);
  if (!parsed.success) {
    throw upstreamError('Ollama answered /api/embed with something other than a list of embeddings.', 'bad_response', parsed.error);
  }
  const promptTokens = parsed.data.prompt_eval_count ?? 0;
  return {
    response: {
      object: 'list',
      data: parsed.data.embeddings.map((vector, index) => ({ object: 'embedding', index, embedding: encodeEmbedding(vector, request.encoding_format) })),
      model: context.publicModel,
      usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
    },
    usage: { prompt_tokens: promptTokens, completion_tokens: 0, total_tokens: promptTokens },
  };
}
