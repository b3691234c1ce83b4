/**
 * A Messages request as the chat-completions request the one dispatch serves. Field by
 * field: `max_tokens`, `temperature`, `top_p` as they are; `top_k` as `top_k` (vLLM and
 * llama.cpp read it, others ignore it); `stop_sequences` → `stop`; `metadata.user_id` →
 * `user`; `tools` → function tools whose `parameters` are the `input_schema`;
 * `tool_choice` and `thinking` through their mapping tables. A stream asks for the usage
 * chunk, since Anthropic's stream ends with the token counts.
 */
import type { FrontContext } from '../../core/front-door.js';
import type { ChatCompletionRequest, Tool } from '../../core/openai-types.js';
import { mapThinking } from './map-thinking.js';
import { mapToolChoice } from './map-tool-choice.js';
import type { MessagesRequest } from './messages-request-schema.js';
import { translateMessages } from './translate-messages.js';

export function translateRequest(request: MessagesRequest, context: FrontContext): ChatCompletionRequest {
  const chat: ChatCompletionRequest = {
    model: context.publicModel,
    messages: translateMessages(request.messages, request.system),
    max_tokens: request.max_tokens,
  };
  if (request.temperature !== undefined) chat.temperature = request.temperature;
  if (request.top_p !== undefined) chat.top_p = request.top_p;
  if (request.top_k !== undefined) chat.top_k = request.top_k;
  if (request.stop_sequences !== undefined && request.stop_sequences.length > 0) chat.stop = request.stop_sequences;
  const user = request.metadata?.user_id;
  if (user !== undefined && user !== null) chat.user = user;
  if (request.tools !== undefined && request.tools.length > 0) chat.tools = request.tools.map(translateTool);
  if (request.tool_choice !== undefined) Object.assign(chat, mapToolChoice(request.tool_choice));
  const reasoningEffort = mapThinking(request.thinking, request.output_config);
  if (reasoningEffort !== undefined) chat.reasoning_effort = reasoningEffort;
  if (request.stream === true) {
    chat.stream = true;
    chat.stream_options = { include_usage: true };
  }
  return chat;
}

function translateTool(tool: NonNullable<MessagesRequest['tools']>[number]): Tool {
  return {
    type: 'function',
    function: {
      name: tool.name,
      ...(tool.description !== undefined ? { description: tool.description } : {}),
      parameters: tool.input_schema,
    },
  };
}
