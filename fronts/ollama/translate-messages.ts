/**
 * Ollama chat messages as OpenAI messages: images as `image_url` parts with data URLs,
 * `thinking` as `reasoning_content`, tool calls with their arguments as JSON strings and
 * an id, and tool results tied to the call they answer.
 *
 * Ollama names a tool result by the tool (`tool_name`), OpenAI by the call
 * (`tool_call_id`, required). A result that brings no `tool_call_id` of its own answers
 * the first call not yet answered, with that function name, in the nearest assistant
 * message before it that has tool calls (without `tool_name`: its first call not yet
 * answered). When no call is left, the result gets an id of its own, numbered on from
 * the calls. `tool_name` also travels as `name`, so an Ollama connection gets it back.
 */
import type { ChatMessage, ContentPart } from '../../core/openai-types.js';
import type { OllamaMessage, OllamaRequestToolCall } from './ollama-requests.js';
import { toImageDataUrl } from './image-data-url.js';

type AssistantToolCall = NonNullable<Extract<ChatMessage, { role: 'assistant' }>['tool_calls']>[number];

/** The calls of the latest assistant message with tool calls, and which were answered. */
interface PendingCalls {
  calls: AssistantToolCall[];
  answered: Set<number>;
}

export function translateMessages(messages: readonly OllamaMessage[]): ChatMessage[] {
  let idCount = 0;
  let pending: PendingCalls = { calls: [], answered: new Set() };
  return messages.map((message): ChatMessage => {
    const content = translateContent(message.content ?? '', message.images ?? []);
    switch (message.role) {
      case 'system':
      case 'user':
        return { role: message.role, content };
      case 'assistant': {
        const calls = (message.tool_calls ?? []).map((call) => translateToolCall(call, idCount++));
        if (calls.length > 0) {
          pending = { calls, answered: new Set() };
        }
        return {
          role: 'assistant',
          content,
          ...(message.thinking ? { reasoning_content: message.thinking } : {}),
          ...(calls.length > 0 ? { tool_calls: calls } : {}),
        };
      }
      case 'tool': {
        const toolName = message.tool_name || undefined;
        const toolCallId = answerPendingCall(pending, message.tool_call_id || undefined, toolName) ?? createCallId(idCount++);
        return { role: 'tool', content, tool_call_id: toolCallId, ...(toolName === undefined ? {} : { name: toolName }) };
      }
    }
  });
}

/** Text alone stays a string; with images it becomes parts, text first. */
function translateContent(text: string, images: readonly string[]): string | ContentPart[] {
  if (images.length === 0) {
    return text;
  }
  const imageParts: ContentPart[] = images.map((image) => ({ type: 'image_url', image_url: { url: toImageDataUrl(image) } }));
  return text === '' ? imageParts : [{ type: 'text', text }, ...imageParts];
}

/**
 * Ollama's id is kept (0.12 and later send one); older clients and servers send none, so
 * the call's position in the conversation makes one that is the same on every request.
 */
function translateToolCall(call: OllamaRequestToolCall, position: number): AssistantToolCall {
  return {
    id: call.id || createCallId(position),
    type: 'function',
    function: { name: call.function.name, arguments: JSON.stringify(call.function.arguments ?? {}) },
  };
}

function createCallId(position: number): string {
  return `call_${position}`;
}

/** The id a tool result answers, if any; the call it names or matches no longer pends. */
function answerPendingCall(pending: PendingCalls, toolCallId: string | undefined, toolName: string | undefined): string | undefined {
  const index = pending.calls.findIndex((call, callIndex) =>
    toolCallId === undefined
      ? !pending.answered.has(callIndex) && (toolName === undefined || call.function.name === toolName)
      : call.id === toolCallId,
  );
  if (index !== -1) {
    pending.answered.add(index);
  }
  return toolCallId ?? pending.calls[index]?.id;
}
