/**
 * `GET /api/ps`: the models that are loaded, in Ollama's shape. The caller says which
 * models those are and what it knows of each; unknown facts get Ollama's empty values
 * (0, and Go's zero time for `expires_at`) rather than invented ones.
 */
import type { ModelObject } from '../../core/openai-types.js';
import { formatOllamaTime, goZeroTime } from './format-ollama-time.js';
import type { OllamaPsResponse } from './ollama-responses.js';
import { readModelFacts } from './read-model-facts.js';

export interface RunningModel {
  model: ModelObject;
  /** Unix seconds at which the backend unloads the model, when known. */
  expiresAt?: number;
  /** Bytes of the model held in GPU memory, when known. */
  sizeVram?: number;
  /** The context length the model was loaded with, when known. */
  contextLength?: number;
}

export function toPs(entries: readonly RunningModel[]): OllamaPsResponse {
  return {
    models: entries.map((entry) => {
      const facts = readModelFacts(entry.model);
      return {
        name: entry.model.id,
        model: entry.model.id,
        size: facts.size,
        digest: facts.digest,
        details: facts.details,
        expires_at: entry.expiresAt === undefined ? goZeroTime : formatOllamaTime(entry.expiresAt),
        size_vram: entry.sizeVram ?? 0,
        context_length: entry.contextLength ?? facts.details.context_length ?? 0,
      };
    }),
  };
}
