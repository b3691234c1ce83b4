/**
 * `POST /api/show` for one model. The gateway has no Modelfile, parameters or template
 * to show, so those are empty strings, and `model_info` holds only what is known: the
 * architecture and context length (the keys clients read to size their context) when
 * the model's details give both, else nothing.
 *
 * `capabilities`: Ollama's own list when the upstream gave one; otherwise `completion`,
 * plus `tools`, `vision` and `thinking` as far as the caller knows them (for example
 * from an alias's configuration).
 */
import type { ModelObject } from '../../core/openai-types.js';
import type { OllamaShowResponse } from './ollama-responses.js';
import { readModelFacts } from './read-model-facts.js';

export interface KnownCapabilities {
  tools?: boolean;
  vision?: boolean;
  thinking?: boolean;
}

export function toShow(model: ModelObject, known: KnownCapabilities = {}): OllamaShowResponse {
  const facts = readModelFacts(model);
  const { family, context_length: contextLength } = facts.details;
  return {
    modelfile: '',
    parameters: '',
    template: '',
    details: facts.details,
    model_info: family !== '' && contextLength !== undefined ? { 'general.architecture': family, [`${family}.context_length`]: contextLength } : {},
    capabilities: facts.capabilities ?? listCapabilities(known),
    modified_at: facts.modifiedAt,
  };
}

function listCapabilities(known: KnownCapabilities): string[] {
  return ['completion', ...(['tools', 'vision', 'thinking'] as const).filter((capability) => known[capability] === true)];
}
