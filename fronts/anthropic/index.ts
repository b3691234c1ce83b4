/**
 * The Anthropic Messages front door (`POST /v1/messages`): a pure translator between
 * Anthropic's request, `Message` and event stream and the chat completions the one
 * dispatch serves. Errors come back in Anthropic's shape.
 */
import type { FrontDoor } from '../../core/front-door.js';
import type { Message } from './anthropic-types.js';
import { messagesRequestSchema, type MessagesRequest } from './messages-request-schema.js';
import { renderError } from './render-error.js';
import { translateRequest } from './translate-request.js';
import { translateResponse } from './translate-response.js';
import { translateStream } from './translate-stream.js';

export type { Message } from './anthropic-types.js';
export type { MessagesRequest } from './messages-request-schema.js';

export const anthropicMessagesFront: FrontDoor<MessagesRequest, Message> = {
  schema: messagesRequestSchema,
  streamContentType: 'text/event-stream',
  isStream: (request) => request.stream === true,
  toChat: translateRequest,
  fromChat: (response, _request, context) => translateResponse(response, context),
  stream: (_request, context) => translateStream(context),
  renderError,
};
