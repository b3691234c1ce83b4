/**
 * The `response.*` stream events the gateway sends, each as OpenAI's API reference and
 * the `openai` SDK's `ResponseStreamEvent` define it, without `sequence_number`, which
 * the event writer adds in order.
 */
import type { OutputItem, OutputText, ResponseObject, SummaryText } from './responses-types.js';

interface ItemEvent {
  item_id: string;
  output_index: number;
}

export type ResponseLifecycleType =
  | 'response.created'
  | 'response.in_progress'
  | 'response.completed'
  | 'response.incomplete'
  | 'response.failed';

export type StreamEvent =
  | { type: ResponseLifecycleType; response: ResponseObject }
  | { type: 'response.output_item.added' | 'response.output_item.done'; output_index: number; item: OutputItem }
  | (ItemEvent & { type: 'response.content_part.added' | 'response.content_part.done'; content_index: number; part: OutputText })
  | (ItemEvent & { type: 'response.output_text.delta'; content_index: number; delta: string; logprobs: [] })
  | (ItemEvent & { type: 'response.output_text.done'; content_index: number; text: string; logprobs: [] })
  | (ItemEvent & { type: 'response.function_call_arguments.delta'; delta: string })
  | (ItemEvent & { type: 'response.function_call_arguments.done'; name: string; arguments: string })
  | (ItemEvent & {
      type: 'response.reasoning_summary_part.added' | 'response.reasoning_summary_part.done';
      summary_index: number;
      part: SummaryText;
    })
  | (ItemEvent & { type: 'response.reasoning_summary_text.delta'; summary_index: number; delta: string })
  | (ItemEvent & { type: 'response.reasoning_summary_text.done'; summary_index: number; text: string });
