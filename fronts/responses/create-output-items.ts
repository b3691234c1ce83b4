/**
 * The output items of a response, built the same way for a whole answer and for the end
 * of a stream, so both give a client (and the stored conversation) identical items.
 */
import type { FunctionCallItem, ItemStatus, MessageItem, ReasoningItem } from './responses-types.js';

export function createMessageItem(id: string, text: string, status: ItemStatus): MessageItem {
  return { type: 'message', id, status, role: 'assistant', content: [{ type: 'output_text', text, annotations: [] }] };
}

export function createFunctionCallItem(
  id: string,
  call: { call_id: string; name: string; arguments: string },
  status: ItemStatus,
): FunctionCallItem {
  return { type: 'function_call', id, call_id: call.call_id, name: call.name, arguments: call.arguments, status };
}

/**
 * A backend's `reasoning_content` is its raw thinking. It goes out as the item's one
 * summary part, the form of reasoning Responses clients show by default (raw
 * `reasoning_text` content is hidden unless a user asks for it, as in Codex).
 */
export function createReasoningItem(id: string, text: string): ReasoningItem {
  return { type: 'reasoning', id, summary: [{ type: 'summary_text', text }] };
}
