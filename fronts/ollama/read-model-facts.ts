/**
 * What the gateway's model list knows about a model, in Ollama's terms. A model served
 * by an Ollama connection carries Ollama's own facts in `details` (family, parameter
 * size, quantization, size in bytes, digest: see `providers/ollama/list-models.ts`);
 * other models carry none, and get Ollama's empty values, as Go writes them.
 */
import { z } from 'zod';
import type { ModelObject } from '../../core/openai-types.js';
import { formatOllamaTime } from './format-ollama-time.js';
import type { OllamaModelDetails } from './ollama-responses.js';

/** Each fact read on its own: one of the wrong type is left out, not the whole list. */
const detailsSchema = z
  .object({
    parent_model: z.string().catch(''),
    format: z.string().catch(''),
    family: z.string().catch(''),
    families: z.array(z.string()).catch([]),
    parameter_size: z.string().catch(''),
    quantization_level: z.string().catch(''),
    context_length: z.number().int().positive().optional().catch(undefined),
    size: z.number().int().min(0).catch(0),
    digest: z.string().catch(''),
    capabilities: z.array(z.string()).optional().catch(undefined),
  })
  .loose();

export interface ModelFacts {
  details: OllamaModelDetails;
  size: number;
  digest: string;
  modifiedAt: string;
  /** Ollama's capability names, when the upstream said. */
  capabilities: string[] | undefined;
}

export function readModelFacts(model: ModelObject): ModelFacts {
  const raw = typeof model['details'] === 'object' && model['details'] !== null ? model['details'] : {};
  const facts = detailsSchema.parse(raw);
  return {
    details: {
      parent_model: facts.parent_model,
      format: facts.format,
      family: facts.family,
      families: facts.families,
      parameter_size: facts.parameter_size,
      quantization_level: facts.quantization_level,
      ...(facts.context_length === undefined ? {} : { context_length: facts.context_length }),
    },
    size: facts.size,
    digest: facts.digest,
    modifiedAt: formatOllamaTime(model.created),
    capabilities: facts.capabilities,
  };
}
