import { z } from 'zod';
import type { UpstreamModel } from '../../core/adapter.js';
import { upstreamError } from '../../core/gateway-error.js';

/** `GET /v1/models` as vLLM, llama.cpp's server and LM Studio answer it; loose on purpose. */
const modelListSchema = z.object({
  data: z.array(
    z.object({ id: z.string().min(1), created: z.number().optional(), owned_by: z.string().optional() }).loose(),
  ),
});

export function parseModelList(body: unknown): UpstreamModel[] {
  const parsed = modelListSchema.safeParse(body);
  if (!parsed.success) {
    throw upstreamError('The upstream answered /models with something other than an OpenAI model list.');
  }
  return parsed.data.data.map(({ id, created, owned_by, object: _object, ...details }) => ({
    id,
    ...(created === undefined ? {} : { created }),
    ...(owned_by === undefined ? {} : { owned_by }),
    ...(Object.keys(details).length > 0 ? { details } : {}),
  }));
}
