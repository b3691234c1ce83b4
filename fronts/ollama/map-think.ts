/**
 * Ollama's `think` as chat-completions fields. `reasoning_effort` is what OpenAI-compatible
 * servers read: a level passes as it is, `true` is `medium` (Ollama's own reading of
 * `true` for models that take levels), `"max"` is `high`. `false` sets no effort, since
 * servers differ in how (and whether) thinking is turned off; the model's default applies.
 *
 * `think` itself is sent along as well: an Ollama connection reads it first, and so gets
 * exactly what the client asked, `false` included.
 */
import type { OllamaThink } from './ollama-requests.js';

type Level = 'low' | 'medium' | 'high';

/** `think` as an Ollama connection reads it (no `max`), and OpenAI's effort. */
export interface ThinkFields {
  think?: boolean | Level;
  reasoning_effort?: Level;
}

export function mapThink(think: OllamaThink | null | undefined): ThinkFields {
  switch (think) {
    case undefined:
    case null:
      return {};
    case false:
      return { think: false };
    case true:
      return { think: true, reasoning_effort: 'medium' };
    case 'max':
      return { think: 'high', reasoning_effort: 'high' };
    default:
      return { think, reasoning_effort: think };
  }
}
