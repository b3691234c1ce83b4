import type { UpstreamModel } from '../../core/adapter.js';
import { upstreamError } from '../../core/gateway-error.js';
import { ollamaTagsSchema } from './ollama-types.js';

type TagsModel = NonNullable<ReturnType<typeof ollamaTagsSchema.parse>['models']>[number];

/**
 * `GET /api/tags` as upstream models: `id` is Ollama's name (`llama3.2:latest`), `created`
 * its `modified_at`, `owned_by` the namespace in the name as in Ollama's own OpenAI layer
 * (`library` for official models, the user for `user/model`), and `details` Ollama's
 * facts: family, parameter size, quantization, size in bytes, digest.
 */
export function listModels(body: unknown): UpstreamModel[] {
  const parsed = ollamaTagsSchema.safeParse(body);
  if (!parsed.success) {
    throw upstreamError('Ollama answered /api/tags with something other than a model list.', 'bad_response', parsed.error);
  }
  return (parsed.data.models ?? []).map((model) => ({
    id: model.name,
    // Ollama reads a name without a tag as `:latest`; so do clients written for it.
    ...(model.name.endsWith(':latest') ? { aliases: [model.name.slice(0, -':latest'.length)] } : {}),
    ...readCreated(model.modified_at),
    owned_by: readNamespace(model.name),
    details: readDetails(model),
  }));
}

function readCreated(modifiedAt: string | undefined): { created?: number } {
  const milliseconds = modifiedAt === undefined ? Number.NaN : Date.parse(modifiedAt);
  return Number.isFinite(milliseconds) && milliseconds > 0 ? { created: Math.floor(milliseconds / 1000) } : {};
}

/**
 * The namespace of an Ollama model name: `[host/][namespace/]model[:tag]`.
 * `llama3.2` → `library`, `alice/model` → `alice`, `hf.co/org/model:Q4_K_M` → `org`.
 */
export function readNamespace(name: string): string {
  const parts = name.split('/');
  return parts.length >= 2 ? (parts.at(-2) ?? 'library') : 'library';
}

function readDetails(model: TagsModel): Record<string, unknown> {
  const details = model.details ?? {};
  const facts: Record<string, unknown> = {
    format: details.format,
    family: details.family,
    families: details.families,
    parameter_size: details.parameter_size,
    quantization_level: details.quantization_level,
    parent_model: details.parent_model === '' ? undefined : details.parent_model,
    size: model.size,
    digest: model.digest,
  };
  return Object.fromEntries(Object.entries(facts).filter(([, value]) => value !== undefined && value !== null));
}
