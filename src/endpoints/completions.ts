import type { Request, Response } from 'express';
import type { Gateway } from '../gateway.js';
import { dispatch } from '../routing/dispatch.js';
import { completionRequestSchema } from '../../core/openai-types.js';
import { serveEndpoint } from '../serving/serve-endpoint.js';

/** POST /v1/completions (legacy text completion) */
export function completions(gateway: Gateway) {
  return (req: Request, res: Response) =>
    dispatch(
      gateway,
      req,
      res,
      '/v1/completions',
      serveEndpoint(gateway, req, res, {
        passthroughPath: '/completions',
        idPrefix: 'cmpl-',
        schema: completionRequestSchema,
        translation: (adapter) => adapter.completion,
      }),
    );
}
