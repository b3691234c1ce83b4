import type { Request, Response } from 'express';
import type { Gateway } from '../gateway.js';
import { dispatch } from '../routing/dispatch.js';
import { chatCompletionRequestSchema } from '../../core/openai-types.js';
import { serveEndpoint } from '../serving/serve-endpoint.js';

/** POST /v1/chat/completions */
export function chatCompletions(gateway: Gateway) {
  return (req: Request, res: Response) =>
    dispatch(
      gateway,
      req,
      res,
      '/v1/chat/completions',
      serveEndpoint(gateway, req, res, {
        passthroughPath: '/chat/completions',
        idPrefix: 'chatcmpl-',
        schema: chatCompletionRequestSchema,
        translation: (adapter) => adapter.chat,
      }),
    );
}
