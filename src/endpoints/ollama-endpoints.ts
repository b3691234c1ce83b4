/**
 * Ollama's native API besides chat and generate: `/api/embed` through the one dispatch,
 * and the listings (`/api/tags`, `/api/show`, `/api/version`) built from the gateway's
 * model list, so clients that speak only Ollama see every connection's models.
 */
import type { Request, Response } from 'express';
import { modelNotFound } from '../../core/gateway-error.js';
import type { EmbeddingsResponse } from '../../core/openai-types.js';
import {
  answerEmptyEmbed,
  isEmptyEmbed,
  ollamaEmbedRequestSchema,
  ollamaShowRequestSchema,
  readShowModel,
  toPs,
  toShow,
  type RunningModel,
  toTags,
  translateEmbedRequest,
  translateEmbedResponse,
  versionResponse,
} from '../../fronts/ollama/index.js';
import { parseJsonObject, parseJsonRecord } from '../edge/request-body.js';
import { validateRequest } from '../edge/validate-request.js';
import type { Gateway } from '../gateway.js';
import { contextOf } from '../observability/request-context.js';
import { dispatch, type JsonBody } from '../routing/dispatch.js';
import type { AnswerSink } from '../serving/answer-sink.js';
import { serveFrontDoor } from '../serving/serve-front-door.js';
import { isModelLoaded } from '../upstream/load/is-model-loaded.js';
import { visibleModels } from './models.js';

/** `POST /api/embed` */
export function serveOllamaEmbed(gateway: Gateway) {
  return async (req: Request, res: Response) => {
    const context = contextOf(res);
    context.route = '/api/embed';
    const clientBody = parseJsonObject(context.rawBody ?? Buffer.alloc(0));
    const request = validateRequest(ollamaEmbedRequestSchema, clientBody);
    if (isEmptyEmbed(request)) {
      await gateway.router.route(clientBody.model);
      res.json(answerEmptyEmbed(request));
      return;
    }
    const openAIBody = translateEmbedRequest(request) as unknown as JsonBody;
    const sink: AnswerSink<EmbeddingsResponse, never> = {
      whole(answer) {
        context.markFirstByte();
        res.json(translateEmbedResponse(answer, request));
      },
      chunk: () => true,
      finish: () => undefined,
      errorEvent: () => '',
    };
    await dispatch(
      gateway,
      res,
      '/api/embed',
      openAIBody,
      serveFrontDoor(gateway, req, res, { nativePath: '/api/embed', clientBody, openAIBody, translation: (adapter) => adapter.embeddings, sink: () => sink, idPrefix: '', shapesChat: false }),
    );
  };
}

/** `GET /api/tags`: every model of every connection, in Ollama's shape. */
export function listOllamaTags(gateway: Gateway) {
  return async (_req: Request, res: Response) => {
    contextOf(res).route = '/api/tags';
    res.json(toTags(await visibleModels(gateway, res)));
  };
}

/**
 * `GET /api/ps`: the public models some connection holds loaded now, as its load signals
 * say (Ollama's own `/api/ps`; vLLM and a plain llama-server always hold theirs).
 */
export function listOllamaRunning(gateway: Gateway) {
  return async (_req: Request, res: Response) => {
    contextOf(res).route = '/api/ps';
    const running: RunningModel[] = [];
    for (const model of await visibleModels(gateway, res)) {
      for (const { connection, upstreamModel } of await gateway.catalog.resolve(model.id)) {
        const snapshot = gateway.load.snapshot(connection.name);
        if (isModelLoaded(snapshot, upstreamModel) !== true) continue;
        const loaded = snapshot?.loadedModels?.find((entry) => entry.model === upstreamModel);
        const expiresAt = loaded?.expiresAt === undefined ? undefined : Math.floor(Date.parse(loaded.expiresAt) / 1000);
        running.push({ model, ...(expiresAt === undefined || Number.isNaN(expiresAt) ? {} : { expiresAt }), ...(loaded?.contextLength === undefined ? {} : { contextLength: loaded.contextLength }) });
        break;
      }
    }
    res.json(toPs(running));
  };
}

/** `POST /api/show` */
export function showOllamaModel(gateway: Gateway) {
  return async (_req: Request, res: Response) => {
    const context = contextOf(res);
    context.route = '/api/show';
    const request = validateRequest(ollamaShowRequestSchema, parseJsonRecord(context.rawBody ?? Buffer.alloc(0)));
    const id = readShowModel(request);
    const model = (await visibleModels(gateway, res)).find((item) => item.id === id);
    if (!model) throw modelNotFound(id);
    context.model = model.id;
    res.json(toShow(model));
  };
}

/** `GET /api/version` */
export function ollamaVersion() {
  return (_req: Request, res: Response) => {
    contextOf(res).route = '/api/version';
    res.json(versionResponse);
  };
}
