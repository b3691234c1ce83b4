/**
 * The content-block half of an Anthropic stream: which block is open, the next `index`,
 * and which block each chat-completions tool call writes to. Anthropic opens one block at
 * a time, so a delta of another kind (thinking, text, a new tool call) closes the open
 * block and starts the next, with an index one higher.
 */
import type { ToolCallDelta } from '../../core/openai-types.js';
import { createToolUseId } from './create-tool-use-id.js';
import { formatSseEvent } from './format-sse-event.js';

type BlockKind = 'text' | 'thinking' | 'tool_use';

interface ToolBlock {
  index: number;
  id: string;
}

export interface BlockWriter {
  appendThinking(thinking: string): string[];
  appendText(text: string): string[];
  appendToolCall(call: ToolCallDelta): string[];
  /** Stops the open block, if any. */
  close(): string[];
  /** Whether any tool call started a `tool_use` block. */
  readonly calledTools: boolean;
}

export function createBlockWriter(responseId: string): BlockWriter {
  let open: { kind: BlockKind; index: number } | undefined;
  let nextIndex = 0;
  let toolCount = 0;
  const toolBlocks = new Map<number, ToolBlock>();

  function close(): string[] {
    if (open === undefined) {
      return [];
    }
    const events: string[] = [];
    if (open.kind === 'thinking') {
      // Anthropic signs every thinking block just before stopping it; there is no signature
      // to give, but clients that wait for the event get it.
      events.push(formatSseEvent({ type: 'content_block_delta', index: open.index, delta: { type: 'signature_delta', signature: '' } }));
    }
    events.push(formatSseEvent({ type: 'content_block_stop', index: open.index }));
    open = undefined;
    return events;
  }

  function start(kind: BlockKind, contentBlock: Record<string, unknown>): string[] {
    const events = close();
    open = { kind, index: nextIndex++ };
    events.push(formatSseEvent({ type: 'content_block_start', index: open.index, content_block: contentBlock }));
    return events;
  }

  function append(kind: 'text' | 'thinking', delta: Record<string, unknown>, contentBlock: Record<string, unknown>): string[] {
    const events = open?.kind === kind ? [] : start(kind, contentBlock);
    events.push(formatSseEvent({ type: 'content_block_delta', index: open?.index ?? 0, delta }));
    return events;
  }

  return {
    appendThinking: (thinking) =>
      append('thinking', { type: 'thinking_delta', thinking }, { type: 'thinking', thinking: '', signature: '' }),
    appendText: (text) => append('text', { type: 'text_delta', text }, { type: 'text', text: '' }),
    appendToolCall(call) {
      let block = toolBlocks.get(call.index);
      const events: string[] = [];
      // A new id at a known index is a new call: some servers number every call 0.
      if (block === undefined || (call.id !== undefined && call.id !== '' && call.id !== block.id)) {
        const id = call.id !== undefined && call.id !== '' ? call.id : createToolUseId(responseId, toolCount);
        toolCount += 1;
        events.push(...start('tool_use', { type: 'tool_use', id, name: call.function?.name ?? '', input: {} }));
        block = { index: open?.index ?? 0, id };
        toolBlocks.set(call.index, block);
      }
      const fragment = call.function?.arguments ?? '';
      if (fragment !== '') {
        // Chat completions sends each call's fragments together, so this is the open
        // block; were a server to interleave calls, the fragment still goes to its own
        // call's index, where Anthropic's SDK adds it by index.
        events.push(formatSseEvent({ type: 'content_block_delta', index: block.index, delta: { type: 'input_json_delta', partial_json: fragment } }));
      }
      return events;
    },
    close,
    get calledTools() {
      return toolCount > 0;
    },
  };
}
