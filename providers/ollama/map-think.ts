import type { ChatCompletionRequest } from '../../core/openai-types.js';
import type { Think } from './ollama-request-schemas.js';

type ReasoningEffort = NonNullable<ChatCompletionRequest['reasoning_effort']>;

/**
 * OpenAI's `reasoning_effort` values and Ollama's `think` for each, as Ollama's own
 * OpenAI layer maps them (`thinkFromReasoningEffort` in openai/openai.go): `none` is
 * false, low/medium/high pass on, `minimal` takes the nearest level, `low`, and `xhigh`
 * the level above `high`, `max` (Ollama 0.21.3 and later; older servers refuse it).
 */
const thinkByEffort: Readonly<Record<ReasoningEffort, Think>> = {
  none: false,
  minimal: 'low',
  low: 'low',
  medium: 'medium',
  high: 'high',
  xhigh: 'max',
};

/**
 * Ollama's `think` from the request: its own `think` field when given (Ollama users send
 * it), else from `reasoning_effort`. Undefined leaves the model's default. Both fields
 * were validated at the edge.
 */
export function mapThink(think: Think | undefined, reasoningEffort: ReasoningEffort | null | undefined): Think | undefined {
  if (think !== undefined) return think;
  return reasoningEffort === undefined || reasoningEffort === null ? undefined : thinkByEffort[reasoningEffort];
}
