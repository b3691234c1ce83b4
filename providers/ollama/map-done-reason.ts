import type { FinishReason } from '../../core/openai-types.js';

/**
 * Ollama's `done_reason` values and what a client sees. `load` and `unload` come back when
 * Ollama had nothing to generate (an empty prompt only loads the model): the answer is
 * complete, so `stop`. Older servers send no `done_reason` at all.
 */
const finishReasons: Readonly<Record<string, FinishReason>> = {
  stop: 'stop',
  length: 'length',
  load: 'stop',
  unload: 'stop',
};

/** The OpenAI `finish_reason`; `tool_calls` whenever the model called a tool. */
export function mapDoneReason(doneReason: string | null | undefined, calledTools: boolean): FinishReason {
  if (calledTools) {
    return 'tool_calls';
  }
  if (doneReason !== null && doneReason !== undefined && Object.hasOwn(finishReasons, doneReason)) {
    return finishReasons[doneReason] ?? 'stop';
  }
  // Unknown reasons from newer servers: the stream did finish, which OpenAI calls `stop`.
  return 'stop';
}
