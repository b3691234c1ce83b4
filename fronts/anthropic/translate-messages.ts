/**
 * Anthropic's `system` and `messages` as chat-completions messages.
 *
 * - `system` (a string or text blocks) → one leading system message, blocks joined with
 *   a blank line: several chat templates accept a single system message only;
 * - a user message's `tool_result` blocks → `tool` messages answering `tool_use_id`, in
 *   order and before the rest of that message, since they answer the assistant turn just
 *   before it; its text and image blocks → one user message of content parts;
 * - an assistant message's text → its content, `tool_use` blocks → `tool_calls` with the
 *   id kept; `thinking` and `redacted_thinking` are dropped: chat completions has no
 *   field a backend reads them back from, and their signatures mean nothing to it.
 */
import type { ChatMessage, ContentPart } from '../../core/openai-types.js';
import type { AssistantMessageParam, MessageParam, MessagesRequest, TextBlockParam, UserMessageParam } from './messages-request-schema.js';
import { translateImageBlock } from './translate-image-block.js';

type ChatToolCall = NonNullable<Extract<ChatMessage, { role: 'assistant' }>['tool_calls']>[number];
type ToolResultContent = Extract<Exclude<UserMessageParam['content'], string>[number], { type: 'tool_result' }>['content'];

export function translateMessages(messages: readonly MessageParam[], system: MessagesRequest['system']): ChatMessage[] {
  const chat: ChatMessage[] = [];
  const systemText = readSystem(system);
  if (systemText !== undefined) {
    chat.push({ role: 'system', content: systemText });
  }
  for (const message of messages) {
    chat.push(...(message.role === 'user' ? translateUserMessage(message) : [translateAssistantMessage(message)]));
  }
  return chat;
}

function readSystem(system: string | TextBlockParam[] | undefined): string | undefined {
  if (system === undefined) {
    return undefined;
  }
  const text = typeof system === 'string' ? system : system.map((block) => block.text).join('\n\n');
  return text === '' ? undefined : text;
}

function translateUserMessage(message: UserMessageParam): ChatMessage[] {
  if (typeof message.content === 'string') {
    return [{ role: 'user', content: message.content }];
  }
  const toolMessages: ChatMessage[] = [];
  const parts: ContentPart[] = [];
  for (const block of message.content) {
    if (block.type === 'tool_result') {
      toolMessages.push({ role: 'tool', tool_call_id: block.tool_use_id, content: translateToolResultContent(block.content) });
    } else if (block.type === 'text') {
      parts.push({ type: 'text', text: block.text });
    } else {
      parts.push(translateImageBlock(block));
    }
  }
  // A message of tool results only answers the tools; it adds no user turn.
  if (parts.length === 0 && toolMessages.length > 0) {
    return toolMessages;
  }
  return [...toolMessages, { role: 'user', content: parts.length === 0 ? '' : parts }];
}

/**
 * A tool result's content: a string when it is all text (chat templates expect tool
 * messages as text), content parts when it holds an image. `is_error` has no chat
 * equivalent; the result's text, which says what failed, goes to the model as it is.
 */
function translateToolResultContent(content: ToolResultContent): string | ContentPart[] {
  if (content === undefined || typeof content === 'string') {
    return content ?? '';
  }
  if (content.every((block) => block.type === 'text')) {
    return content.map((block) => block.text).join('\n');
  }
  return content.map((block) => (block.type === 'text' ? { type: 'text', text: block.text } : translateImageBlock(block)));
}

function translateAssistantMessage(message: AssistantMessageParam): ChatMessage {
  if (typeof message.content === 'string') {
    return { role: 'assistant', content: message.content };
  }
  const texts: string[] = [];
  const toolCalls: ChatToolCall[] = [];
  for (const block of message.content) {
    if (block.type === 'text') {
      texts.push(block.text);
    } else if (block.type === 'tool_use') {
      toolCalls.push({ id: block.id, type: 'function', function: { name: block.name, arguments: JSON.stringify(block.input) } });
    }
  }
  // Text blocks of one turn are consecutive pieces of one answer, so they are joined as is.
  const text = texts.join('');
  if (toolCalls.length === 0) {
    return { role: 'assistant', content: text };
  }
  return { role: 'assistant', content: text === '' ? null : text, tool_calls: toolCalls };
}
