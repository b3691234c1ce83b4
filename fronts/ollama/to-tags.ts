/** `GET /api/tags`: the gateway's model list in Ollama's shape, one entry per public id. */
import type { ModelObject } from '../../core/openai-types.js';
import type { OllamaTagsResponse } from './ollama-responses.js';
import { readModelFacts } from './read-model-facts.js';

export function toTags(models: readonly ModelObject[]): OllamaTagsResponse {
  return {
    models: models.map((model) => {
      const facts = readModelFacts(model);
      // `name` and `model` are the same in Ollama's list; clients read either.
      return { name: model.id, model: model.id, modified_at: facts.modifiedAt, size: facts.size, digest: facts.digest, details: facts.details };
    }),
  };
}
