import type { ChatMessage } from '../../core/openai-types.js';
import { invalidRequest } from '../../core/gateway-error.js';
import { flattenContent } from './flatten-content.js';

/** A message in Ollama's `/api/chat` format. */
export interface OllamaMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string;
  images?: string[];
  thinking?: string;
  tool_calls?: Array<{ id?: string; function: { name: string; arguments: Record<string, unknown> } }>;
  tool_name?: string;
  tool_call_id?: string;
}

type AssistantMessage = Extract<ChatMessage, { role: 'assistant' }>;
type AssistantToolCall = NonNullable<AssistantMessage['tool_calls']>[number];

/**
 * OpenAI messages as native Ollama chat messages: content parts flattened to text plus
 * `images`, `developer` as `system`, assistant tool calls with their arguments as objects,
 * and tool results carrying the tool's name (`tool_name`), which Ollama's templates use
 * to label them. OpenAI tool messages only name the call id, so the name is looked up
 * from the assistant call with that id (the last one wins, as in Ollama's own layer).
 */
export function translateChatMessages(messages: readonly ChatMessage[]): OllamaMessage[] {
  const toolNames = collectToolNames(messages);
  return messages.map((message, index) => {
    const field = `messages[${index}]`;
    const { text, images } = flattenContent(message.content, `${field}.content`);
    const withImages = images.length > 0 ? { images } : {};
    switch (message.role) {
      case 'system':
      case 'developer':
      case 'user':
        return { role: message.role === 'user' ? 'user' : 'system', content: text, ...withImages };
      case 'assistant':
        return {
          role: 'assistant',
          content: text,
          ...withImages,
          ...(message.reasoning_content ? { thinking: message.reasoning_content } : {}),
          ...(message.tool_calls && message.tool_calls.length > 0
            ? { tool_calls: message.tool_calls.map((call, callIndex) => translateToolCall(call, `${field}.tool_calls[${callIndex}]`)) }
            : {}),
        };
      case 'tool': {
        const toolName = message.name ?? (message.tool_call_id === undefined ? undefined : toolNames.get(message.tool_call_id));
        return {
          role: 'tool',
          content: text,
          ...withImages,
          ...(toolName === undefined ? {} : { tool_name: toolName }),
          ...(message.tool_call_id === undefined ? {} : { tool_call_id: message.tool_call_id }),
        };
      }
    }
  });
}

function collectToolNames(messages: readonly ChatMessage[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const message of messages) {
    if (message.role === 'assistant') {
      for (const call of message.tool_calls ?? []) {
        if (call.id !== undefined) {
          names.set(call.id, call.function.name);
        }
      }
    }
  }
  return names;
}

function translateToolCall(call: AssistantToolCall, field: string): NonNullable<OllamaMessage['tool_calls']>[number] {
  return {
    ...(call.id === undefined ? {} : { id: call.id }),
    function: { name: call.function.name, arguments: parseToolArguments(call.function.arguments, `${field}.function.arguments`) },
  };
}

/**
 * OpenAI sends tool arguments as a JSON string; Ollama wants the object. An empty string
 * (sent by some clients for tools without parameters) is an empty object.
 */
export function parseToolArguments(value: string | Record<string, unknown>, field: string): Record<string, unknown> {
  if (typeof value !== 'string') {
    return value;
  }
  if (value.trim() === '') {
    return {};
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw invalidRequest(field, `'${field}' is not valid JSON.`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw invalidRequest(field, `'${field}' must be a JSON object.`);
  }
  return parsed as Record<string, unknown>;
}
