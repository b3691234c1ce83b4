/**
 * `POST /api/embed` both ways. Ollama's request is OpenAI's with its knobs beside it:
 * `input` (a string or a list) and `dimensions` carry over, floats are asked for since
 * that is what Ollama answers, and `truncate`, `options` and `keep_alive` travel as
 * extra fields, read by an Ollama connection and ignored by OpenAI-compatible servers.
 * The answer is one vector per input in input order, and the prompt's token count;
 * durations are 0, as the front door does not see them (see `build-metrics.ts`).
 *
 * An empty input (`""` or `[]`) embeds nothing: Ollama answers an empty list at once,
 * while OpenAI-compatible servers refuse it, so the caller answers `answerEmptyEmbed`
 * without dispatching when `isEmptyEmbed` says so.
 */
import type { EmbeddingsRequest, EmbeddingsResponse } from '../../core/openai-types.js';
import type { OllamaEmbedRequest } from './ollama-requests.js';
import type { OllamaEmbedResponse } from './ollama-responses.js';

export function translateEmbedRequest(request: OllamaEmbedRequest): EmbeddingsRequest {
  const extras = { truncate: request.truncate, options: request.options, keep_alive: request.keep_alive };
  return {
    model: request.model,
    input: request.input,
    encoding_format: 'float',
    ...(request.dimensions === null || request.dimensions === undefined ? {} : { dimensions: request.dimensions }),
    ...Object.fromEntries(Object.entries(extras).filter(([, value]) => value !== null && value !== undefined)),
  };
}

export function translateEmbedResponse(response: EmbeddingsResponse, request: OllamaEmbedRequest): OllamaEmbedResponse {
  const embeddings = [...response.data].sort((left, right) => left.index - right.index).map((entry) => readVector(entry.embedding));
  return {
    model: request.model,
    embeddings,
    total_duration: 0,
    load_duration: 0,
    prompt_eval_count: response.usage?.prompt_tokens ?? 0,
  };
}

export function isEmptyEmbed(request: OllamaEmbedRequest): boolean {
  return request.input.length === 0;
}

export function answerEmptyEmbed(request: OllamaEmbedRequest): OllamaEmbedResponse {
  return { model: request.model, embeddings: [], total_duration: 0, load_duration: 0, prompt_eval_count: 0 };
}

/** A float vector; a base64 one (little-endian float32, OpenAI's other encoding) is decoded. */
function readVector(embedding: number[] | string): number[] {
  if (typeof embedding !== 'string') {
    return embedding;
  }
  const bytes = Buffer.from(embedding, 'base64');
  return Array.from({ length: Math.floor(bytes.length / 4) }, (_, index) => bytes.readFloatLE(index * 4));
}
