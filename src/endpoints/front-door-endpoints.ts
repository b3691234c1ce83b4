/**
 * `POST /v1/messages` (Anthropic Messages) and `POST /api/chat`, `POST /api/generate`
 * (Ollama's native API): each a front door's pure translator in front of the one dispatch.
 */
import type { Request, Response } from 'express';
import type { FrontDoor } from '../../core/front-door.js';
import { anthropicMessagesFront } from '../../fronts/anthropic/index.js';
import { ollamaChatFront, ollamaGenerateFront, type OllamaFrontDoor } from '../../fronts/ollama/index.js';
import { parseJsonObject } from '../edge/request-body.js';
import { validateRequest } from '../edge/validate-request.js';
import type { Gateway } from '../gateway.js';
import { contextOf } from '../observability/request-context.js';
import { createHookChain } from '../hooks/create-hook-chain.js';
import { dispatch, type JsonBody } from '../routing/dispatch.js';
import { frontDoorSink, type FrontAnswer } from '../serving/front-door-sink.js';
import { serveFrontDoor } from '../serving/serve-front-door.js';
import { createResponseId } from '../serving/serve-endpoint.js';

export interface FrontRoute<Body, Answer> {
  /** The route pattern, as the metrics' `route` label. */
  route: string;
  front: FrontDoor<Body, Answer>;
  /** The API's path below a base URL, for upstreams that serve it themselves. */
  nativePath: string;
  /** Prefix of the front's response ids (`msg_`). */
  idPrefix: string;
}

/** Reads, validates and translates a front door's request; `answer` may add what the front does besides. */
export async function serveFrontRequest<Body, Answer>(
  gateway: Gateway,
  req: Request,
  res: Response,
  route: FrontRoute<Body, Answer>,
  extend: (answer: FrontAnswer<Body, Answer>) => FrontAnswer<Body, Answer> = (answer) => answer,
): Promise<void> {
  const context = contextOf(res);
  context.route = route.route;
  const clientBody = parseJsonObject(context.rawBody ?? Buffer.alloc(0));
  const request = validateRequest(route.front.schema, clientBody);
  await serveValidated(gateway, req, res, route, clientBody, request, extend);
}

export async function serveValidated<Body, Answer>(
  gateway: Gateway,
  req: Request,
  res: Response,
  route: FrontRoute<Body, Answer>,
  clientBody: JsonBody,
  request: Body,
  extend: (answer: FrontAnswer<Body, Answer>) => FrontAnswer<Body, Answer> = (answer) => answer,
): Promise<void> {
  const context = contextOf(res);
  const frontContext = { publicModel: clientBody.model, responseId: createResponseId(route.idPrefix), now: Math.floor(Date.now() / 1000) };
  let chat = route.front.toChat(request, frontContext) as unknown as JsonBody;
  // Hooks see chat completions whatever the front door.
  const chain = createHookChain(gateway, res, chat.model, chat.stream === true);
  if (chain?.rewritesRequests) chat = (await chain.runRequest(chat as never)) as unknown as JsonBody;
  const answer = extend({ front: route.front, request, frontContext });
  await dispatch(
    gateway,
    res,
    route.route,
    chat,
    serveFrontDoor(gateway, req, res, {
      nativePath: route.nativePath,
      clientBody,
      openAIBody: chat,
      translation: (adapter) => adapter.chat,
      sink: () => frontDoorSink(res, context, answer),
      idPrefix: 'chatcmpl-',
      shapesChat: true,
      chain,
    }),
    { onConnection: (name) => chain?.setConnection(name) },
  );
}

export const messagesRoute: FrontRoute<unknown, unknown> = {
  route: '/v1/messages',
  front: anthropicMessagesFront as FrontDoor<unknown, unknown>,
  nativePath: '/messages',
  idPrefix: 'msg_',
};

/** `POST /v1/messages` */
export function serveMessages(gateway: Gateway) {
  return (req: Request, res: Response) => serveFrontRequest(gateway, req, res, messagesRoute);
}

/**
 * `POST /api/chat` and `/api/generate`. Ollama's "load the model" call (no messages, or
 * an empty prompt) is answered here once the model is known: nothing is generated.
 */
export function serveOllamaGenerating(gateway: Gateway, route: string, front: OllamaFrontDoor<unknown, unknown>, nativePath: string) {
  const frontRoute: FrontRoute<unknown, unknown> = { route, front, nativePath, idPrefix: 'chatcmpl-' };
  return async (req: Request, res: Response) => {
    const context = contextOf(res);
    context.route = route;
    const clientBody = parseJsonObject(context.rawBody ?? Buffer.alloc(0));
    const request = validateRequest(front.schema, clientBody);
    if (front.isLoadOnly(request)) {
      await gateway.router.route(clientBody.model);
      context.model = clientBody.model;
      res.json(front.answerLoadOnly(request, { publicModel: clientBody.model, responseId: createResponseId('chatcmpl-'), now: Math.floor(Date.now() / 1000) }));
      return;
    }
    await serveValidated(gateway, req, res, frontRoute, clientBody, request);
  };
}

export const ollamaFronts = [
  { route: '/api/chat', front: ollamaChatFront as OllamaFrontDoor<unknown, unknown>, nativePath: '/api/chat' },
  { route: '/api/generate', front: ollamaGenerateFront as OllamaFrontDoor<unknown, unknown>, nativePath: '/api/generate' },
];
