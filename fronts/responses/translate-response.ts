/**
 * A whole chat completion as a Response object: the reasoning first (when the backend
 * thought aloud), then the message, then one `function_call` item per tool call, in the
 * order a model produces them and a stream announces them.
 */
import type { FrontContext } from '../../core/front-door.js';
import type { ChatCompletion } from '../../core/openai-types.js';
import { buildResponse } from './build-response.js';
import { createFunctionCallItem, createMessageItem, createReasoningItem } from './create-output-items.js';
import { createCallId, createItemId } from './create-item-id.js';
import { mapFinishReason } from './map-finish-reason.js';
import type { ResponsesRequest } from './request-schema.js';
import type { ItemStatus, OutputItem, ResponseObject } from './responses-types.js';
import { translateUsage } from './translate-usage.js';

export function translateResponse(completion: ChatCompletion, request: ResponsesRequest, context: FrontContext): ResponseObject {
  const choice = completion.choices[0];
  const ending = mapFinishReason(choice?.finish_reason);
  const output: OutputItem[] = [];
  const reasoning = choice?.message.reasoning_content ?? '';
  if (reasoning !== '') {
    output.push(createReasoningItem(createItemId('rs', context.responseId, output.length), reasoning));
  }
  const text = choice?.message.content ?? '';
  const toolCalls = choice?.message.tool_calls ?? [];
  // A message item whenever there is text, and also when there is nothing else, so that
  // an empty answer still has a message whose text is "".
  if (text !== '' || toolCalls.length === 0) {
    output.push(createMessageItem(createItemId('msg', context.responseId, output.length), text, 'completed'));
  }
  for (const call of toolCalls) {
    const outputIndex = output.length;
    // Tool calls always carry an id from the gateway's own backends; one is made up for any other.
    const callId = call.id ? call.id : createCallId(context.responseId, outputIndex);
    output.push(
      createFunctionCallItem(
        createItemId('fc', context.responseId, outputIndex),
        { call_id: callId, name: call.function.name, arguments: call.function.arguments },
        'completed',
      ),
    );
  }
  if (ending.status === 'incomplete') {
    markLastIncomplete(output);
  }
  return buildResponse(request, context, { ...ending, output, usage: translateUsage(completion.usage) });
}

/** The item being written when the answer was cut off is the one left incomplete. */
function markLastIncomplete(output: OutputItem[]): void {
  const last = output.at(-1);
  if (last && last.type !== 'reasoning') {
    const status: ItemStatus = 'incomplete';
    output[output.length - 1] = { ...last, status };
  }
}
