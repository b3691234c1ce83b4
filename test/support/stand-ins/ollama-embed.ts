/**
 * POST /api/embed (`{"model","embeddings":[[…]],"total_duration","load_duration",
 * "prompt_eval_count"}`) and the legacy POST /api/embeddings (`{"embedding":[…]}`).
 */
import { nowInNanoseconds } from './go-wire.js';
import { GO_OPTIONS, GO_STRING } from './go-unmarshal-error.js';
import { planOllamaError, planOllamaJson, planOllamaWhole } from './ollama-answers.js';
import { buildOllamaMetrics } from './ollama-metrics.js';
import * as request from './ollama-request.js';
import type { PlannedResponse } from './send-planned-response.js';
import type { Exchange } from './stand-in-server.js';
import { countWords } from './stand-in-reply.js';
import { embedText } from './text-embedding.js';

/** `input` as Ollama accepts it: a string or a list of strings; an empty string embeds nothing. */
function readInputs(input: unknown): string[] | undefined {
  if (input === undefined || input === null) return [];
  if (typeof input === 'string') return input.length > 0 ? [input] : [];
  if (Array.isArray(input) && input.every((entry) => typeof entry === 'string')) return input as string[];
  return undefined;
}

function readDimensions(body: request.OllamaBody, fallback: number): number {
  const dimensions = body['dimensions'];
  return typeof dimensions === 'number' && dimensions > 0 && dimensions < fallback ? Math.floor(dimensions) : fallback;
}

/** Plans the answer to POST /api/embed. */
export function planOllamaEmbed(exchange: Exchange, onServed: (name: string) => void): PlannedResponse {
  const decoded = request.decodeOllamaBody(exchange.rawBody, 'EmbedRequest', { model: GO_STRING, options: GO_OPTIONS });
  if (!decoded.ok) return decoded.answer;
  const body = decoded.value;
  const requested = request.readString(body, 'model');
  if (requested.trim().length === 0) return request.planModelNotFound(requested);
  const inputs = readInputs(body['input']);
  if (inputs === undefined) return planOllamaError(400, 'invalid input type');
  const model = request.resolveOllamaModel(requested, exchange.models, request.planModelNotFound(requested), request.planModelNotPulled(requested));
  if (!model.ok) return model.answer;
  onServed(model.value.name);
  if (inputs.length === 0) return planOllamaJson(200, { model: requested, embeddings: [] });
  const dimensions = readDimensions(body, exchange.embeddingDimensions);
  const start = nowInNanoseconds();
  const promptTokens = inputs.reduce((sum, text) => sum + Math.max(1, countWords(text)), 0);
  return planOllamaWhole(() => {
    const metrics = buildOllamaMetrics(start, promptTokens, 0);
    return {
      model: requested,
      embeddings: inputs.map((text) => embedText(text, dimensions)),
      total_duration: metrics.total_duration,
      load_duration: metrics.load_duration,
      prompt_eval_count: promptTokens,
    };
  });
}

/** Plans the answer to the legacy POST /api/embeddings. */
export function planOllamaLegacyEmbeddings(exchange: Exchange, onServed: (name: string) => void): PlannedResponse {
  const decoded = request.decodeOllamaBody(exchange.rawBody, 'EmbeddingRequest', { model: GO_STRING, prompt: GO_STRING, options: GO_OPTIONS });
  if (!decoded.ok) return decoded.answer;
  const requested = request.readString(decoded.value, 'model');
  const model = request.resolveOllamaModel(requested, exchange.models, planOllamaError(400, 'model is required'), request.planModelNotPulled(requested));
  if (!model.ok) return model.answer;
  onServed(model.value.name);
  const prompt = request.readString(decoded.value, 'prompt');
  return planOllamaJson(200, { embedding: prompt.length === 0 ? [] : embedText(prompt, exchange.embeddingDimensions) });
}
