/**
 * A Responses request as the chat-completions request the dispatch sends on. The request
 * is the one to answer, after `continueConversation` put a stored conversation in front of
 * its input. Fields without a chat counterpart (`store`, `metadata`, `previous_response_id`)
 * stay with the front door: they shape the Response object, not the generation.
 */
import type { FrontContext } from '../../core/front-door.js';
import type { ChatCompletionRequest, ChatMessage } from '../../core/openai-types.js';
import { invalidRequest } from '../../core/gateway-error.js';
import type { ResponsesRequest } from './request-schema.js';
import { mergeLeadingSystem } from './merge-leading-system.js';
import { translateInputItems } from './translate-input-items.js';
import { translateTextFormat } from './translate-text-format.js';
import { translateToolChoice, translateTools } from './translate-tools.js';

export function translateRequest(request: ResponsesRequest, context: FrontContext): ChatCompletionRequest {
  const instructions: ChatMessage[] = request.instructions ? [{ role: 'system', content: request.instructions }] : [];
  const messages = mergeLeadingSystem([...instructions, ...translateInputItems(request.input)]);
  if (messages.length === 0) {
    throw invalidRequest('input', "'input' must hold at least one message.");
  }
  const chat: ChatCompletionRequest = { model: context.publicModel, messages };
  if (isSet(request.max_output_tokens)) chat.max_tokens = request.max_output_tokens;
  if (isSet(request.temperature)) chat.temperature = request.temperature;
  if (isSet(request.top_p)) chat.top_p = request.top_p;
  if (isSet(request.user)) chat.user = request.user;
  if (request.tools && request.tools.length > 0) chat.tools = translateTools(request.tools);
  if (isSet(request.tool_choice)) chat.tool_choice = translateToolChoice(request.tool_choice);
  if (isSet(request.parallel_tool_calls)) chat.parallel_tool_calls = request.parallel_tool_calls;
  if (request.text?.format) chat.response_format = translateTextFormat(request.text.format);
  if (isSet(request.text?.verbosity)) chat.verbosity = request.text.verbosity;
  if (isSet(request.reasoning?.effort)) chat.reasoning_effort = request.reasoning.effort;
  if (request.stream === true) {
    // Usage is asked for so the closing response.completed event can carry it.
    chat.stream = true;
    chat.stream_options = { include_usage: true };
  }
  return chat;
}

function isSet<Value>(value: Value | null | undefined): value is Value {
  return value !== null && value !== undefined;
}
