/**
 * Responses input items as chat-completions messages. The mapping a chat backend needs:
 *
 * - `developer` becomes `system`: OpenAI treats them alike for these models, and the chat
 *   templates of local servers (Ollama, llama.cpp, most vLLM models) know only `system`;
 * - assistant history (`output_text`, `refusal` parts) becomes the assistant's text;
 * - `function_call` items join the assistant message before them as `tool_calls`, so a
 *   turn that wrote text and called three tools is one assistant message, as chat
 *   backends produced it and expect it back;
 * - `function_call_output` items become `tool` messages;
 * - `reasoning` items are dropped: they are a model's own earlier thinking, which chat
 *   backends neither accept as input nor need.
 */
import type { ChatMessage, ContentPart as ChatContentPart } from '../../core/openai-types.js';
import type { ContentPart, FunctionCallInputItem, InputItem, MessageInputItem } from './input-item-schema.js';

type AssistantMessage = Extract<ChatMessage, { role: 'assistant' }>;
type ImagePart = Extract<ContentPart, { type: 'input_image' }>;

/** Detail levels chat completions knows; others (`original`) are left to the backend's default. */
const chatImageDetails = new Set(['auto', 'low', 'high']);

export function translateInputItems(items: readonly InputItem[]): ChatMessage[] {
  const messages: ChatMessage[] = [];
  for (const item of items) {
    switch (item.type) {
      case 'message':
        messages.push(translateMessage(item));
        break;
      case 'function_call':
        appendToolCall(messages, item);
        break;
      case 'function_call_output':
        messages.push({
          role: 'tool',
          tool_call_id: item.call_id,
          content: typeof item.output === 'string' ? item.output : item.output.map(translatePart),
        });
        break;
      case 'reasoning':
        break;
    }
  }
  return messages;
}

function translateMessage(item: MessageInputItem): ChatMessage {
  if (item.role === 'assistant') {
    return { role: 'assistant', content: readAssistantText(item.content) };
  }
  const content = typeof item.content === 'string' ? item.content : item.content.map(translatePart);
  return { role: item.role === 'user' ? 'user' : 'system', content };
}

function readAssistantText(content: MessageInputItem['content']): string {
  if (typeof content === 'string') {
    return content;
  }
  return content.map((part) => (part.type === 'input_image' ? '' : readPartText(part))).join('');
}

function translatePart(part: ContentPart): ChatContentPart {
  return part.type === 'input_image' ? translateImage(part) : { type: 'text', text: readPartText(part) };
}

function readPartText(part: Exclude<ContentPart, ImagePart>): string {
  return part.type === 'refusal' ? part.refusal : part.text;
}

function translateImage(part: ImagePart): ChatContentPart {
  // The schema refused parts without an image_url (and those with a file_id).
  const url = part.image_url ?? '';
  const detail = part.detail !== null && part.detail !== undefined && chatImageDetails.has(part.detail) ? { detail: part.detail } : {};
  return { type: 'image_url', image_url: { url, ...detail } };
}

function appendToolCall(messages: ChatMessage[], item: FunctionCallInputItem): void {
  const call = { id: item.call_id, type: 'function' as const, function: { name: item.name, arguments: item.arguments } };
  const last = messages.at(-1);
  if (last?.role === 'assistant') {
    messages[messages.length - 1] = { ...last, tool_calls: [...(last.tool_calls ?? []), call] } satisfies AssistantMessage;
    return;
  }
  messages.push({ role: 'assistant', content: null, tool_calls: [call] });
}
