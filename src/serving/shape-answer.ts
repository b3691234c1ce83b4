/**
 * What may change a chat answer on its way to the client, around the sink that writes
 * it: `<think>` tags split out of an upstream's content (`split_think_tags`), the hook
 * modules' `onResponse`/`onChunk` and the events they emit, then the reasoning output
 * style (`reasoning_style`). A request none of this applies to is not shaped at all, so
 * passthrough stays byte for byte.
 */
import { applyReasoningStyle, createReasoningStyler, type ReasoningStyle } from '../../core/apply-reasoning-style.js';
import type { ChatCompletion, ChatCompletionChunk } from '../../core/openai-types.js';
import { createThinkTagSplitter, splitThinkTags } from '../../core/split-think-tags.js';
import type { HookChain } from '../hooks/hook-chain.js';
import type { Candidate } from '../routing/model-catalog.js';
import type { Gateway } from '../gateway.js';
import type { AnswerSink } from './answer-sink.js';

export interface AnswerShaping {
  chain: HookChain | undefined;
  style: ReasoningStyle;
  splitThinkTags: boolean;
}

/** How answers for this candidate are shaped; undefined when nothing applies. */
export function shapingFor(gateway: Gateway, candidate: Candidate, publicModel: string, chain: HookChain | undefined): AnswerShaping | undefined {
  const { config } = candidate.connection;
  const alias = gateway.config.models.find((entry) => entry.name === publicModel && entry.connection === config.name);
  const style = alias?.reasoning_style ?? config.reasoning_style;
  const split = config.mode === 'openai_compatible' && config.split_think_tags;
  // A module for this model may read the answer or emit events into it; declarative hooks rewrite requests only.
  const hooksRead = chain?.runsModules === true;
  if (!hooksRead && style === 'reasoning_content' && !split) return undefined;
  return { chain: hooksRead ? chain : undefined, style, splitThinkTags: split };
}

export function shapeSink(sink: AnswerSink<ChatCompletion, ChatCompletionChunk>, shaping: AnswerShaping): AnswerSink<ChatCompletion, ChatCompletionChunk> {
  const { chain, style } = shaping;
  const split = shaping.splitThinkTags ? createThinkTagSplitter<ChatCompletionChunk>() : (chunk: ChatCompletionChunk) => chunk;
  const restyle = style === 'reasoning_content' ? (chunk: ChatCompletionChunk) => chunk : createReasoningStyler<ChatCompletionChunk>(style);
  const writeEvents = () => {
    for (const payload of chain?.drainEvents() ?? []) sink.event?.(payload);
  };
  const write = (chunk: ChatCompletionChunk): boolean | Promise<boolean> => {
    writeEvents();
    return sink.chunk(restyle(chunk));
  };
  return {
    async whole(answer) {
      const split = shaping.splitThinkTags ? splitThinkTags(answer) : answer;
      const hooked = chain ? await chain.runResponse(split) : split;
      await sink.whole(applyReasoningStyle(hooked, style));
    },
    chunk(chunk) {
      const ready = split(chunk);
      if (!chain?.readsChunks) return write(ready);
      return chain.runChunk(ready).then(write);
    },
    finish() {
      writeEvents();
      sink.finish();
    },
    errorEvent: sink.errorEvent,
  };
}
