/**
 * The system messages a conversation starts with (the instructions, then any leading
 * `system` or `developer` items) as one. Clients such as Codex send instructions and
 * several developer messages; many chat templates of local models (Mistral's, Gemma's,
 * several Llama variants) accept a single system message, first, and fail otherwise.
 * Later system messages are left where they are: moving them would change their meaning.
 */
import type { ChatMessage } from '../../core/openai-types.js';

export function mergeLeadingSystem(messages: readonly ChatMessage[]): ChatMessage[] {
  let count = 0;
  const texts: string[] = [];
  for (const message of messages) {
    const text = message.role === 'system' ? readPlainText(message.content) : undefined;
    if (text === undefined) break;
    texts.push(text);
    count += 1;
  }
  if (count < 2) {
    return [...messages];
  }
  return [{ role: 'system', content: texts.join('\n\n') }, ...messages.slice(count)];
}

/** The text of content made only of text; undefined when it holds an image. */
function readPlainText(content: ChatMessage['content']): string | undefined {
  if (typeof content === 'string') return content;
  if (!content) return '';
  const texts: string[] = [];
  for (const part of content) {
    if (part.type !== 'text') return undefined;
    texts.push(part.text);
  }
  return texts.join('');
}
