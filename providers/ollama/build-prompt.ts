import type { ChatMessage } from '../../core/openai-types.js';
import { flattenContent } from './flatten-content.js';

/** What `/api/generate` takes in place of a conversation. */
export interface GeneratePrompt {
  prompt: string;
  /** The system and developer messages, joined; undefined when there are none. */
  system: string | undefined;
  images: string[];
}

const roleLabels = { user: 'User', assistant: 'Assistant' } as const;

/**
 * Turns chat messages into a prompt for `/api/generate` (the `ollama_api: generate` mode).
 *
 * - system and developer messages go to `system`, joined by a blank line; Ollama puts
 *   them where the model's template wants a system prompt;
 * - a lone user message is the prompt as it is;
 * - a longer conversation becomes a transcript, one `User: ` or `Assistant: ` block per
 *   message separated by a blank line, ending with the cue `Assistant:` so the model
 *   writes the next reply. When the conversation already ends with an assistant message,
 *   that message is left open for the model to continue.
 *
 * Images from every message go to `images`. Ollama applies the model's own template
 * around the whole prompt, as one user turn.
 */
export function buildPrompt(messages: readonly ChatMessage[]): GeneratePrompt {
  const systemTexts: string[] = [];
  const turns: Array<{ role: keyof typeof roleLabels; text: string }> = [];
  const images: string[] = [];
  messages.forEach((message, index) => {
    const content = flattenContent(message.content, `messages[${index}].content`);
    images.push(...content.images);
    if (message.role === 'system' || message.role === 'developer') {
      if (content.text !== '') {
        systemTexts.push(content.text);
      }
    } else if (message.role === 'user' || message.role === 'assistant') {
      turns.push({ role: message.role, text: content.text });
    }
  });
  const system = systemTexts.length > 0 ? systemTexts.join('\n\n') : undefined;
  const [onlyTurn] = turns;
  if (turns.length === 1 && onlyTurn?.role === 'user') {
    return { prompt: onlyTurn.text, system, images };
  }
  const blocks = turns.map((turn) => (turn.text === '' ? `${roleLabels[turn.role]}:` : `${roleLabels[turn.role]}: ${turn.text}`));
  if (turns.at(-1)?.role !== 'assistant') {
    blocks.push(`${roleLabels.assistant}:`);
  }
  return { prompt: blocks.join('\n\n'), system, images };
}

/**
 * Whether a conversation cannot be written as a prompt and needs `/api/chat` even on a
 * `generate` connection: tools, tool calls or tool results (only chat templates know how
 * to present them), or no user or assistant message at all (an empty prompt makes Ollama
 * load the model and answer nothing).
 */
export function needsChatEndpoint(messages: readonly ChatMessage[], hasTools: boolean): boolean {
  if (hasTools) {
    return true;
  }
  const usesTools = messages.some(
    (message) => message.role === 'tool' || (message.role === 'assistant' && (message.tool_calls?.length ?? 0) > 0),
  );
  const hasTurn = messages.some((message) => message.role === 'user' || message.role === 'assistant');
  return usesTools || !hasTurn;
}
