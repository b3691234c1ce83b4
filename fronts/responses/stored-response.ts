/**
 * What the gateway keeps of a stored response (`store`, true unless the client says
 * false), and the pure steps around keeping it; where it is kept is the state store's
 * business. A stored response holds the conversation up to and including itself as input
 * items, so `previous_response_id` continues it without walking a chain of responses.
 * Instructions are not part of it: as in OpenAI's API, those of a previous response are
 * not carried over, so each request's own `instructions` apply.
 */
import { invalidRequest, type GatewayError } from '../../core/gateway-error.js';
import type { InputItem } from './input-item-schema.js';
import type { ResponsesRequest } from './request-schema.js';
import type { OutputItem, ResponseObject } from './responses-types.js';

export interface StoredResponse {
  /** The response's id (`resp_…`), the key it is stored and continued under. */
  id: string;
  /** The Response object as the client received it, for `GET /v1/responses/{id}`. */
  response: ResponseObject;
  /** The earlier conversation, this request's input and this response's output. */
  conversation: InputItem[];
}

/**
 * OpenAI's answer to a `previous_response_id` it does not know: a 400 (the id is in a
 * field, not in the path) with OpenAI's code, which clients match on to resend the whole
 * conversation instead.
 */
export function previousResponseNotFound(id: string): GatewayError {
  return invalidRequest('previous_response_id', `Previous response with id '${id}' not found.`, 'previous_response_not_found');
}

/**
 * The request to answer: its input after the stored conversation. `stored` is what the
 * store returned for `previous_response_id` (undefined when it has nothing under that id,
 * which is a 400, or when the request continues nothing).
 */
export function continueConversation(stored: StoredResponse | undefined, request: ResponsesRequest): ResponsesRequest {
  const previousId = request.previous_response_id;
  if (previousId === null || previousId === undefined) {
    return request;
  }
  if (!stored) {
    throw previousResponseNotFound(previousId);
  }
  return { ...request, input: [...stored.conversation, ...request.input] };
}

/**
 * What to keep of a response. `request` is the client's own (before
 * `continueConversation`), `priorItems` the conversation it continued (the stored
 * response's `conversation`, or none).
 */
export function toStored(request: ResponsesRequest, response: ResponseObject, priorItems: readonly InputItem[] = []): StoredResponse {
  return {
    id: response.id,
    response,
    conversation: [...priorItems, ...request.input, ...response.output.map(toInputItem)],
  };
}

/** An output item as the input item a client would send back for it. */
export function toInputItem(item: OutputItem): InputItem {
  switch (item.type) {
    case 'message':
      return {
        type: 'message',
        id: item.id,
        role: 'assistant',
        content: item.content.map((part) => ({ type: 'output_text', text: part.text, annotations: [...part.annotations] })),
      };
    case 'function_call':
      return { type: 'function_call', id: item.id, call_id: item.call_id, name: item.name, arguments: item.arguments };
    case 'reasoning':
      return { type: 'reasoning', id: item.id, summary: item.summary.map((part) => ({ ...part })) };
  }
}
