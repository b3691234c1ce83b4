/**
 * Anthropic's `thinking` and `output_config.effort` as chat completions'
 * `reasoning_effort`, the level reasoning backends (vLLM, llama.cpp, Ollama through the
 * gateway) think at.
 */
import type { ChatCompletionRequest } from '../../core/openai-types.js';
import type { OutputConfigParam, ThinkingParam } from './messages-request-schema.js';

type ReasoningEffort = NonNullable<ChatCompletionRequest['reasoning_effort']>;

/**
 * Budgets of extended thinking and the effort each falls in. Anthropic's minimum is 1024;
 * the bounds put the three budgets Claude Code sends (4000 for "think", 10000 for "think
 * hard", 31999 for "ultrathink") in three different levels.
 */
const effortByBudget: ReadonlyArray<{ below: number; effort: ReasoningEffort }> = [
  { below: 4096, effort: 'low' },
  { below: 16384, effort: 'medium' },
  { below: Number.POSITIVE_INFINITY, effort: 'high' },
];

/**
 * Anthropic's effort levels. OpenAI's highest level is `xhigh`, so `max` takes it too.
 */
const effortByLevel: Readonly<Record<NonNullable<OutputConfigParam['effort']>, ReasoningEffort>> = {
  low: 'low',
  medium: 'medium',
  high: 'high',
  xhigh: 'xhigh',
  max: 'xhigh',
};

/**
 * The `reasoning_effort` to send, or undefined to leave the backend's default:
 *
 * - thinking `disabled` → none sent: OpenAI's `none` is refused by backends that predate
 *   it, and a model that does not think by default stays that way;
 * - an explicit `output_config.effort` → that level, the client's most direct wish;
 * - thinking `enabled` → the level its `budget_tokens` falls in (table above);
 * - thinking `adaptive` → none sent: the model decides how much to think.
 */
export function mapThinking(thinking: ThinkingParam | undefined, outputConfig: OutputConfigParam | undefined): ReasoningEffort | undefined {
  if (thinking?.type === 'disabled') {
    return undefined;
  }
  const level = outputConfig?.effort;
  if (level !== undefined && level !== null) {
    return effortByLevel[level];
  }
  if (thinking?.type === 'enabled') {
    return effortByBudget.find((entry) => thinking.budget_tokens < entry.below)?.effort;
  }
  return undefined;
}
