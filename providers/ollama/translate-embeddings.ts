import type { TranslateContext, UpstreamCall } from '../../core/adapter.js';
import { embeddingsRequestSchema } from '../../core/openai-types.js';
import { upstreamError } from '../../core/gateway-error.js';
import { ollamaEmbedSchema } from './ollama-types.js';
import { parseRequest } from './parse-request.js';

/**
 * An embeddings request as `POST /api/embed`, which takes a string or a list as OpenAI
 * does. Ollama's own knobs (`truncate`, `options`, `keep_alive`) and `dimensions` pass on;
 * `encoding_format` is the gateway's business (it encodes base64 itself).
 */
export function translateEmbeddingsRequest(body: unknown, context: TranslateContext): UpstreamCall {
  const request = parseRequest(embeddingsRequestSchema, body);
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

/** `/api/embed`'s answer: one float vector per input, and the prompt's token count. */
export function translateEmbeddingsResponse(body: unknown, _context: TranslateContext): { embeddings: number[][]; promptTokens: number } {
  const parsed = ollamaEmbedSchema.safeParse(body);
  if (!parsed.success) {
    throw upstreamError('Ollama answered /api/embed with something other than a list of embeddings.', 'bad_response', parsed.error);
  }
  return { embeddings: parsed.data.embeddings, promptTokens: parsed.data.prompt_eval_count ?? 0 };
}
