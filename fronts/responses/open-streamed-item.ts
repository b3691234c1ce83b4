/**
 * One output item of a streamed response, from its `response.output_item.added` event to
 * its `response.output_item.done`, with the events OpenAI sends in between for its kind:
 *
 * - message: `content_part.added`, `output_text.delta`…, `output_text.done`,
 *   `content_part.done` (one `output_text` part, `content_index` 0);
 * - reasoning: `reasoning_summary_part.added`, `reasoning_summary_text.delta`…,
 *   `reasoning_summary_text.done`, `reasoning_summary_part.done` (one summary part);
 * - function call: `function_call_arguments.delta`…, `function_call_arguments.done`.
 */
import { createFunctionCallItem, createMessageItem, createReasoningItem } from './create-output-items.js';
import type { EventWriter } from './create-event-writer.js';
import type { ItemStatus, OutputItem } from './responses-types.js';

export interface StreamedItem {
  /** Frames for the next piece of the item's text or arguments. */
  append(delta: string): string[];
  /** Frames that finish the item. */
  finish(status: ItemStatus): string[];
  /** The item as it stands, with the given status. */
  snapshot(status: ItemStatus): OutputItem;
}

export interface StreamedFunctionCall extends StreamedItem {
  /** Takes a name that came after the call's first fragment. */
  setName(name: string): void;
}

export interface Opened<Item extends StreamedItem> {
  item: Item;
  frames: string[];
}

export function openMessage(writer: EventWriter, id: string, outputIndex: number): Opened<StreamedItem> {
  const ref = { item_id: id, output_index: outputIndex, content_index: 0 };
  let text = '';
  const snapshot = (status: ItemStatus) => createMessageItem(id, text, status);
  const part = () => ({ type: 'output_text' as const, text, annotations: [] });
  const frames = [
    writer.write({ type: 'response.output_item.added', output_index: outputIndex, item: { ...snapshot('in_progress'), content: [] } }),
    writer.write({ type: 'response.content_part.added', ...ref, part: part() }),
  ];
  const item: StreamedItem = {
    append(delta) {
      text += delta;
      return [writer.write({ type: 'response.output_text.delta', ...ref, delta, logprobs: [] })];
    },
    finish(status) {
      return [
        writer.write({ type: 'response.output_text.done', ...ref, text, logprobs: [] }),
        writer.write({ type: 'response.content_part.done', ...ref, part: part() }),
        writer.write({ type: 'response.output_item.done', output_index: outputIndex, item: snapshot(status) }),
      ];
    },
    snapshot,
  };
  return { item, frames };
}

export function openReasoning(writer: EventWriter, id: string, outputIndex: number): Opened<StreamedItem> {
  const ref = { item_id: id, output_index: outputIndex, summary_index: 0 };
  let text = '';
  const snapshot = () => createReasoningItem(id, text);
  const frames = [
    writer.write({ type: 'response.output_item.added', output_index: outputIndex, item: { ...snapshot(), summary: [] } }),
    writer.write({ type: 'response.reasoning_summary_part.added', ...ref, part: { type: 'summary_text', text } }),
  ];
  const item: StreamedItem = {
    append(delta) {
      text += delta;
      return [writer.write({ type: 'response.reasoning_summary_text.delta', ...ref, delta })];
    },
    finish() {
      return [
        writer.write({ type: 'response.reasoning_summary_text.done', ...ref, text }),
        writer.write({ type: 'response.reasoning_summary_part.done', ...ref, part: { type: 'summary_text', text } }),
        writer.write({ type: 'response.output_item.done', output_index: outputIndex, item: snapshot() }),
      ];
    },
    snapshot,
  };
  return { item, frames };
}

export function openFunctionCall(
  writer: EventWriter,
  id: string,
  outputIndex: number,
  call: { call_id: string; name: string },
): Opened<StreamedFunctionCall> {
  const ref = { item_id: id, output_index: outputIndex };
  let name = call.name;
  let args = '';
  const snapshot = (status: ItemStatus) => createFunctionCallItem(id, { call_id: call.call_id, name, arguments: args }, status);
  const frames = [writer.write({ type: 'response.output_item.added', output_index: outputIndex, item: snapshot('in_progress') })];
  const item: StreamedFunctionCall = {
    append(delta) {
      args += delta;
      return [writer.write({ type: 'response.function_call_arguments.delta', ...ref, delta })];
    },
    finish(status) {
      return [
        writer.write({ type: 'response.function_call_arguments.done', ...ref, name, arguments: args }),
        writer.write({ type: 'response.output_item.done', output_index: outputIndex, item: snapshot(status) }),
      ];
    },
    snapshot,
    setName(later) {
      name ||= later;
    },
  };
  return { item, frames };
}
