/**
 * The OpenAI Responses API: `POST /v1/responses` through the one dispatch, and stored
 * responses (`store`, true unless the client says false) kept in the state store, so
 * `previous_response_id` continues a conversation and `GET`/`DELETE /v1/responses/{id}`
 * find it, on every replica when the store is Redis.
 */
import type { Request, Response } from 'express';
import type { FrontDoor } from '../../core/front-door.js';
import { GatewayError } from '../../core/gateway-error.js';
import {
  continueConversation,
  previousResponseNotFound,
  responsesFront,
  toStored,
  type ResponseObject,
  type ResponsesRequest,
  type ResponsesStream,
  type StoredResponse,
} from '../../fronts/responses/index.js';
import { parseJsonObject } from '../edge/request-body.js';
import { validateRequest } from '../edge/validate-request.js';
import type { Gateway } from '../gateway.js';
import { contextOf } from '../observability/request-context.js';
import { serveValidated, type FrontRoute } from './front-door-endpoints.js';

const namespace = 'responses';
/** OpenAI keeps stored responses for 30 days. */
const storedForSeconds = 30 * 24 * 3600;

const responsesRoute: FrontRoute<ResponsesRequest, ResponseObject> = {
  route: '/v1/responses',
  front: responsesFront as FrontDoor<ResponsesRequest, ResponseObject>,
  nativePath: '/responses',
  idPrefix: 'resp_',
};

function responseNotFound(id: string): GatewayError {
  return new GatewayError({ status: 404, type: 'invalid_request_error', code: 'not_found', param: 'response_id', message: `Response with id '${id}' not found.` });
}

async function findStored(gateway: Gateway, id: string): Promise<StoredResponse | undefined> {
  return (await gateway.state.getRecord(namespace, id)) as StoredResponse | undefined;
}

/** `POST /v1/responses` */
export function createResponse(gateway: Gateway) {
  return async (req: Request, res: Response) => {
    const context = contextOf(res);
    context.route = responsesRoute.route;
    const clientBody = parseJsonObject(context.rawBody ?? Buffer.alloc(0));
    const request = validateRequest(responsesFront.schema, clientBody);
    const previousId = request.previous_response_id;
    const stored = previousId ? await findStored(gateway, previousId) : undefined;
    if (previousId && !stored) throw previousResponseNotFound(previousId);
    const store = (response: ResponseObject | undefined) => {
      if (request.store === false || !response) return;
      const record = toStored(request, response, stored?.conversation);
      gateway.state.putRecord(namespace, record.id, record, storedForSeconds).catch((error: unknown) => {
        gateway.logger.warn({ request_id: context.id, error: (error as Error).message }, 'could not store the response');
      });
    };
    await serveValidated(gateway, req, res, responsesRoute, clientBody, continueConversation(stored, request), (answer) => ({
      ...answer,
      onAnswer: store,
      onStreamEnd: (stream) => store((stream as ResponsesStream).result()),
    }));
  };
}

function idOf(req: Request): string {
  return String((req.params as { id?: string }).id ?? '');
}

/** `GET /v1/responses/{id}` */
export function retrieveResponse(gateway: Gateway) {
  return async (req: Request, res: Response) => {
    contextOf(res).route = '/v1/responses/{id}';
    const stored = await findStored(gateway, idOf(req));
    if (!stored) throw responseNotFound(idOf(req));
    res.json(stored.response);
  };
}

/** `DELETE /v1/responses/{id}` */
export function deleteResponse(gateway: Gateway) {
  return async (req: Request, res: Response) => {
    contextOf(res).route = '/v1/responses/{id}';
    if (!(await gateway.state.deleteRecord(namespace, idOf(req)))) throw responseNotFound(idOf(req));
    res.json({ id: idOf(req), object: 'response', deleted: true });
  };
}
