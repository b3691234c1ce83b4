/**
 * The OpenAI Responses API front door (`POST /v1/responses`): a Responses request becomes
 * a chat-completions request for the one dispatch, and the chat answer, whole or streamed,
 * becomes a Response object or its `response.*` events. Stored conversations
 * (`store`, `previous_response_id`) are shaped here and kept by the caller:
 * `continueConversation` before `toChat`, `toStored` after the answer (for a stream, from
 * `ResponsesStream.result()`).
 */
import type { FrontContext, FrontDoor } from '../../core/front-door.js';
import { responsesRequestSchema, type ResponsesRequest } from './request-schema.js';
import type { ResponseObject } from './responses-types.js';
import { renderError } from './render-error.js';
import { translateRequest } from './translate-request.js';
import { translateResponse } from './translate-response.js';
import { translateStream, type ResponsesStream } from './translate-stream.js';

/** The front door, with `stream` typed to hand over its final Response object. */
export interface ResponsesFrontDoor extends FrontDoor<ResponsesRequest, ResponseObject> {
  stream(request: ResponsesRequest, context: FrontContext): ResponsesStream;
}

export const responsesFront: ResponsesFrontDoor = {
  schema: responsesRequestSchema,
  streamContentType: 'text/event-stream',
  isStream: (request) => request.stream === true,
  toChat: translateRequest,
  fromChat: translateResponse,
  stream: translateStream,
  renderError,
};

export { responsesRequestSchema, type ResponsesRequest } from './request-schema.js';
export type { InputItem } from './input-item-schema.js';
export type { OutputItem, ResponseObject, ResponseUsage } from './responses-types.js';
export type { ResponsesStream } from './translate-stream.js';
export { continueConversation, previousResponseNotFound, toStored, type StoredResponse } from './stored-response.js';
