/**
 * The counts and durations of Ollama's final line. Token counts come from the answer's
 * usage. Durations are nanoseconds Ollama measures inside its runner (load, prompt
 * evaluation, generation); the front door sees none of that, so they are 0. They are
 * sent anyway, although Ollama leaves zero fields out, because clients read them as
 * numbers (ollama-js types them so).
 */
import type { Usage } from '../../core/openai-types.js';
import type { OllamaMetrics } from './ollama-responses.js';

export function buildMetrics(usage: Usage | null | undefined): OllamaMetrics {
  return {
    total_duration: 0,
    load_duration: 0,
    prompt_eval_count: usage?.prompt_tokens ?? 0,
    prompt_eval_duration: 0,
    eval_count: usage?.completion_tokens ?? 0,
    eval_duration: 0,
  };
}
