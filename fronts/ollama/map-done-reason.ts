/**
 * OpenAI's `finish_reason` as Ollama's `done_reason`. Ollama knows only `stop` and
 * `length` for a generation: it ends with `stop` after tool calls too, and has no content
 * filter, so a filtered answer is one that stopped. A missing reason (a server that sends
 * none) is a finished answer, `stop`.
 */
import type { FinishReason } from '../../core/openai-types.js';

const doneReasons: Readonly<Record<FinishReason, 'stop' | 'length'>> = {
  stop: 'stop',
  length: 'length',
  tool_calls: 'stop',
  content_filter: 'stop',
};

export function mapDoneReason(finishReason: FinishReason | string | null | undefined): 'stop' | 'length' {
  return finishReason !== null && finishReason !== undefined && Object.hasOwn(doneReasons, finishReason)
    ? doneReasons[finishReason as FinishReason]
    : 'stop';
}
