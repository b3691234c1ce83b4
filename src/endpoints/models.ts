import type { Request, Response } from 'express';
import type { Gateway } from '../gateway.js';
import { allowedModelsOf } from '../edge/authenticate.js';
import { modelNotFound } from '../../core/gateway-error.js';
import { contextOf } from '../observability/request-context.js';

export async function visibleModels(gateway: Gateway, res: Response) {
  const allowed = allowedModelsOf(res);
  const models = await gateway.catalog.list();
  return allowed && allowed.size > 0 ? models.filter((model) => allowed.has(model.id)) : models;
}

/** GET /v1/models: every connection's models merged, in OpenAI's list format. */
export function listModels(gateway: Gateway) {
  return async (_req: Request, res: Response) => {
    contextOf(res).route = '/v1/models';
    res.json({ object: 'list', data: await visibleModels(gateway, res) });
  };
}

/** GET /v1/models/{id}; ids may hold `:` and `/` (`llama3.2:1b`, `vllm/Qwen/Qwen2.5-0.5B`). */
export function retrieveModel(gateway: Gateway) {
  return async (req: Request, res: Response) => {
    const context = contextOf(res);
    context.route = '/v1/models/{id}';
    const id = (req.params as { id: string[] | string }).id;
    const modelId = Array.isArray(id) ? id.join('/') : id;
    const model = (await visibleModels(gateway, res)).find((item) => item.id === modelId);
    if (!model) throw modelNotFound(modelId);
    context.model = model.id;
    res.json(model);
  };
}
