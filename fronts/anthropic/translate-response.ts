/**
 * A whole chat-completions answer as an Anthropic `Message`. Content blocks come in the
 * order Anthropic uses: thinking (from `reasoning_content`), then text, then one
 * `tool_use` block per tool call; empty thinking and text make no block. Usage maps
 * `prompt_tokens` → `input_tokens` and `completion_tokens` → `output_tokens`.
 */
import type { FrontContext } from '../../core/front-door.js';
import type { ChatCompletion } from '../../core/openai-types.js';
import type { ContentBlock, Message } from './anthropic-types.js';
import { createToolUseId } from './create-tool-use-id.js';
import { mapFinishReason } from './map-finish-reason.js';
import { parseToolInput } from './parse-tool-input.js';

export function translateResponse(response: ChatCompletion, context: FrontContext): Message {
  // Anthropic answers with one message; the request never asks for more choices.
  const choice = response.choices[0];
  const content: ContentBlock[] = [];
  const reasoning = choice?.message.reasoning_content;
  // vLLM sends `reasoning_content: null` when the model did not think.
  if (typeof reasoning === 'string' && reasoning !== '') {
    content.push({ type: 'thinking', thinking: reasoning, signature: '' });
  }
  const text = choice?.message.content;
  if (text !== undefined && text !== null && text !== '') {
    content.push({ type: 'text', text });
  }
  const toolCalls = choice?.message.tool_calls ?? [];
  toolCalls.forEach((call, position) => {
    content.push({
      type: 'tool_use',
      id: call.id !== '' ? call.id : createToolUseId(context.responseId, position),
      name: call.function.name,
      input: parseToolInput(call.function.arguments),
    });
  });
  return {
    id: context.responseId,
    type: 'message',
    role: 'assistant',
    model: context.publicModel,
    content,
    stop_reason: mapFinishReason(choice?.finish_reason, toolCalls.length > 0),
    stop_sequence: null,
    usage: { input_tokens: response.usage.prompt_tokens, output_tokens: response.usage.completion_tokens },
  };
}
