/**
 * The OpenAI inference endpoints: each one description of how it is passed through or
 * translated, served by the same handler.
 */
import type { Request, Response } from 'express';
import { parseJsonObject } from '../edge/request-body.js';
import type { Gateway } from '../gateway.js';
import { contextOf } from '../observability/request-context.js';
import { dispatch } from '../routing/dispatch.js';
import { serveEndpoint, type Endpoint } from '../serving/serve-endpoint.js';

export const chatCompletionsEndpoint: Endpoint = {
  route: '/v1/chat/completions',
  passthroughPath: '/chat/completions',
  idPrefix: 'chatcmpl-',
  translation: (adapter) => adapter.chat,
};

export const completionsEndpoint: Endpoint = {
  route: '/v1/completions',
  passthroughPath: '/completions',
  idPrefix: 'cmpl-',
  translation: (adapter) => adapter.completion,
};

export const embeddingsEndpoint: Endpoint = {
  route: '/v1/embeddings',
  passthroughPath: '/embeddings',
  idPrefix: '',
  translation: (adapter) => adapter.embeddings,
};

/** `POST` handler of one OpenAI endpoint. */
export function serveOpenAI(gateway: Gateway, endpoint: Endpoint) {
  return (req: Request, res: Response) => {
    const context = contextOf(res);
    context.route = endpoint.route;
    const body = parseJsonObject(context.rawBody ?? Buffer.alloc(0));
    return dispatch(gateway, res, endpoint.route, body, serveEndpoint(gateway, req, res, endpoint, body), { notices: endpoint !== embeddingsEndpoint });
  };
}
