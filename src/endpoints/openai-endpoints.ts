/**
 * The OpenAI inference endpoints: each one description of how it is passed through or
 * translated, served by the same handler.
 */
import type { Request, Response } from 'express';
import { parseJsonObject } from '../edge/request-body.js';
import type { Gateway } from '../gateway.js';
import { contextOf } from '../observability/request-context.js';
import { createHookChain } from '../hooks/create-hook-chain.js';
import { dispatch, type JsonBody } from '../routing/dispatch.js';
import { serveEndpoint, type Endpoint } from '../serving/serve-endpoint.js';

export const chatCompletionsEndpoint: Endpoint = {
  route: '/v1/chat/completions',
  passthroughPath: '/chat/completions',
  idPrefix: 'chatcmpl-',
  translation: (adapter) => adapter.chat,
  shapesChat: true,
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
  return async (req: Request, res: Response) => {
    const context = contextOf(res);
    context.route = endpoint.route;
    let body = parseJsonObject(context.rawBody ?? Buffer.alloc(0));
    const chain = endpoint.shapesChat ? createHookChain(gateway, res, body.model, body.stream === true) : undefined;
    // Hooks get a copy: one that edits in place must not leave the original bytes looking unchanged.
    if (chain?.rewritesRequests) body = (await chain.runRequest(structuredClone(body) as never)) as unknown as JsonBody;
    const serve = serveEndpoint(gateway, req, res, endpoint, body, chain);
    return dispatch(gateway, res, endpoint.route, body, serve, { notices: endpoint !== embeddingsEndpoint, onConnection: (name) => chain?.setConnection(name) });
  };
}
