/**
 * How a chat `finish_reason` ends a response. A response cut short is `incomplete` with
 * the reason OpenAI gives, not `completed`: clients (Codex, the Agents SDK) read
 * `incomplete_details.reason` to tell a truncated answer from a finished one.
 */
import type { FinishReason } from '../../core/openai-types.js';
import type { IncompleteDetails } from './responses-types.js';

export interface Ending {
  status: 'completed' | 'incomplete';
  incomplete_details: IncompleteDetails | null;
}

const endings: Readonly<Record<FinishReason, Ending>> = {
  stop: { status: 'completed', incomplete_details: null },
  tool_calls: { status: 'completed', incomplete_details: null },
  length: { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } },
  content_filter: { status: 'incomplete', incomplete_details: { reason: 'content_filter' } },
};

/** A stream or answer with no finish reason did end, which is `completed`. */
export function mapFinishReason(reason: FinishReason | null | undefined): Ending {
  const ending = reason === null || reason === undefined ? undefined : endings[reason];
  return ending ? { ...ending } : { status: 'completed', incomplete_details: null };
}
