/**
 * Collects streamed OpenAI tool calls. OpenAI-compatible servers send a call in pieces
 * (its id and name first, then fragments of the arguments string, keyed by `index`);
 * Ollama sends each call whole, so the pieces are joined here and the calls handed out
 * once the answer finished.
 */
import type { ToolCall, ToolCallDelta } from '../../core/openai-types.js';

export interface ToolCallAccumulator {
  add(deltas: readonly ToolCallDelta[]): void;
  /** The calls collected so far, in index order, and forgets them. */
  take(): ToolCall[];
}

export function createToolCallAccumulator(): ToolCallAccumulator {
  const calls = new Map<number, { id: string; name: string; arguments: string }>();
  return {
    add(deltas) {
      for (const delta of deltas) {
        const call = calls.get(delta.index) ?? { id: '', name: '', arguments: '' };
        // The id and name come with the first piece; later pieces add to the arguments.
        call.id ||= delta.id ?? '';
        call.name ||= delta.function?.name ?? '';
        call.arguments += delta.function?.arguments ?? '';
        calls.set(delta.index, call);
      }
    },
    take() {
      const taken = [...calls.entries()]
        .sort(([left], [right]) => left - right)
        .map(([, call]) => ({ id: call.id, type: 'function' as const, function: { name: call.name, arguments: call.arguments } }));
      calls.clear();
      return taken;
    },
  };
}
