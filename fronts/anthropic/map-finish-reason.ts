/**
 * Chat completions' `finish_reason` as Anthropic's `stop_reason`.
 */
import type { StopReason } from './anthropic-types.js';

/**
 * The reasons that say something of their own. `length` wins over tool calls: arguments
 * cut off by the token limit are not a call the client can run.
 */
const stopReasons: Readonly<Record<string, StopReason>> = {
  length: 'max_tokens',
  content_filter: 'refusal',
};

/**
 * `stop`, `tool_calls`, a missing reason (a stream that ended without one) and reasons
 * from newer servers all come down to whether the model called a tool: `tool_use` tells
 * the client to run it, else `end_turn`. `stop_sequence` is never produced: chat
 * completions does not say whether a stop sequence matched, nor which, so a stop is an
 * `end_turn` and `stop_sequence` stays null.
 */
export function mapFinishReason(finishReason: string | null | undefined, calledTools: boolean): StopReason {
  if (finishReason !== null && finishReason !== undefined && Object.hasOwn(stopReasons, finishReason)) {
    return stopReasons[finishReason] ?? 'end_turn';
  }
  return calledTools ? 'tool_use' : 'end_turn';
}
