/**
 * Chat usage as Responses usage. The detail counts are read when the backend sent them
 * (vLLM reports `prompt_tokens_details.cached_tokens`, OpenAI-compatible servers
 * `completion_tokens_details.reasoning_tokens`) and are 0 otherwise, as the SDK types
 * require them.
 */
import type { Usage } from '../../core/openai-types.js';
import type { ResponseUsage } from './responses-types.js';

interface UsageWithDetails extends Usage {
  prompt_tokens_details?: { cached_tokens?: unknown } | null;
  completion_tokens_details?: { reasoning_tokens?: unknown } | null;
}

export function translateUsage(usage: Usage | null | undefined): ResponseUsage | null {
  if (!usage) {
    return null;
  }
  const detailed: UsageWithDetails = usage;
  return {
    input_tokens: usage.prompt_tokens,
    input_tokens_details: { cached_tokens: readCount(detailed.prompt_tokens_details?.cached_tokens) },
    output_tokens: usage.completion_tokens,
    output_tokens_details: { reasoning_tokens: readCount(detailed.completion_tokens_details?.reasoning_tokens) },
    total_tokens: usage.total_tokens,
  };
}

function readCount(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}
