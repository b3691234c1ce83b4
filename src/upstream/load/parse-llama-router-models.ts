/**
 * llama-server in router mode (started without `-m`), `GET /models`: every model it can
 * serve, each with a `status.value` of `loaded`, `loading`, `unloaded`, `sleeping` or
 * `downloading`. Only `loaded` holds the model in memory; a sleeping one reloads on its
 * next request. A plain llama-server's `/models` has no `status`, so it is not read as a
 * router.
 */
import { z } from 'zod';
import type { LoadSignals } from './load-snapshot.js';
import { readJsonText } from './read-json-text.js';

const routerModelsSchema = z.object({
  data: z.array(
    z.object({
      id: z.string(),
      status: z.object({ value: z.string() }).optional(),
    }),
  ),
});

/** The signals, or undefined when the body is not a router's model list. */
export function parseLlamaRouterModels(text: string): LoadSignals | undefined {
  const parsed = routerModelsSchema.safeParse(readJsonText(text));
  if (!parsed.success) return undefined;
  const models = parsed.data.data;
  if (!models.some((model) => model.status !== undefined)) return undefined;
  return { loadedModels: models.filter((model) => model.status?.value === 'loaded').map((model) => ({ model: model.id })) };
}
