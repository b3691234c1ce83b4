/**
 * POST /v1/embeddings of the stand-in llama-server: 501 unless started with embeddings
 * (`--embeddings`); otherwise `{"model","object":"list","usage","data"}` with `data` last,
 * no `id`, the request's `model` echoed, and with `encoding_format: "base64"` each item's
 * embedding as little-endian float32 bytes plus `"encoding_format":"base64"`.
 */
import { planLlamaError, planLlamaJson } from './llama-answers.js';
import { decodeLlamaBody, type LlamaContext } from './llama-request.js';
import type { PlannedResponse } from './send-planned-response.js';
import { countWords } from './stand-in-reply.js';
import { embedText, encodeEmbeddingBase64 } from './text-embedding.js';

export interface EmbeddingSettings {
  enabled: boolean;
  dimensions: number;
  model: string;
}

export function planLlamaEmbeddings(rawBody: string, llama: LlamaContext, settings: EmbeddingSettings): PlannedResponse {
  const refuse = (status: number, type: string, message: string) => planLlamaError(llama.origin, llama.idleTimeoutMs, status, type, message);
  if (!settings.enabled) return refuse(501, 'not_supported_error', 'This server does not support embeddings. Start it with `--embeddings`');
  const decoded = decodeLlamaBody(rawBody, llama);
  if (!decoded.ok) return decoded.answer;
  const body = decoded.value;
  const input = body['input'] ?? body['content'];
  if (input === undefined) return refuse(400, 'invalid_request_error', '"input" or "content" must be provided');
  const inputs = (Array.isArray(input) ? input : [input]).map((entry) => (typeof entry === 'string' ? entry : JSON.stringify(entry)));
  if (inputs.some((text) => text.length === 0)) return refuse(400, 'invalid_request_error', 'Input content cannot be empty');
  const base64 = body['encoding_format'] === 'base64';
  const data = inputs.map((text, index) => {
    const vector = embedText(text, settings.dimensions);
    return base64 ? { embedding: encodeEmbeddingBase64(vector), index, object: 'embedding', encoding_format: 'base64' } : { embedding: vector, index, object: 'embedding' };
  });
  const promptTokens = inputs.reduce((sum, text) => sum + Math.max(1, countWords(text)), 0);
  const model = typeof body['model'] === 'string' ? body['model'] : settings.model;
  return planLlamaJson(llama.origin, { model, object: 'list', usage: { prompt_tokens: promptTokens, total_tokens: promptTokens }, data });
}
