import { describe, expect, it } from 'vitest';
import type { ChatCompletion } from '../../../core/openai-types.js';
import { continueConversation, toStored, type StoredResponse } from '../../../fronts/responses/stored-response.js';
import { translateRequest } from '../../../fronts/responses/translate-request.js';
import { translateResponse } from '../../../fronts/responses/translate-response.js';
import { context, parseRequest } from './fixtures.js';

function completion(message: ChatCompletion['choices'][number]['message']): ChatCompletion {
  return {
    id: 'chatcmpl-1',
    object: 'chat.completion',
    created: 1,
    model: 'chat',
    choices: [{ index: 0, message, logprobs: null, finish_reason: message.tool_calls ? 'tool_calls' : 'stop' }],
    usage: { prompt_tokens: 5, completion_tokens: 3, total_tokens: 8 },
  };
}

/** The first turn: a question answered with a tool call, stored. */
function storeFirstTurn(): StoredResponse {
  const request = parseRequest({ instructions: 'Be brief.', input: 'Weather in Paris?' });
  const response = translateResponse(
    completion({ role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] }),
    request,
    context,
  );
  return toStored(request, response);
}

describe('toStored', () => {
  it('keeps the response under its id with its input and output as items', () => {
    const stored = storeFirstTurn();
    expect(stored.id).toBe('resp_abc123');
    expect(stored.response.id).toBe('resp_abc123');
    expect(stored.conversation).toEqual([
      { type: 'message', role: 'user', content: 'Weather in Paris?' },
      { type: 'function_call', id: 'fc_abc123_0', call_id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
    ]);
  });

  it('puts the earlier conversation first', () => {
    const first = storeFirstTurn();
    const request = parseRequest({ previous_response_id: first.id, input: [{ type: 'function_call_output', call_id: 'call_1', output: '18C' }] });
    const response = translateResponse(completion({ role: 'assistant', content: 'It is 18C.' }), request, { ...context, responseId: 'resp_def456' });
    const stored = toStored(request, response, first.conversation);
    expect(stored.conversation.map((item) => item.type)).toEqual(['message', 'function_call', 'function_call_output', 'message']);
    expect(stored.conversation.at(-1)).toEqual({
      type: 'message',
      id: 'msg_def456_0',
      role: 'assistant',
      content: [{ type: 'output_text', text: 'It is 18C.', annotations: [] }],
    });
  });

  it('keeps reasoning items, which a client may send back too', () => {
    const request = parseRequest({});
    const response = translateResponse(completion({ role: 'assistant', content: 'Hello', reasoning_content: 'A greeting.' }), request, context);
    expect(toStored(request, response).conversation[1]).toEqual({ type: 'reasoning', id: 'rs_abc123_0', summary: [{ type: 'summary_text', text: 'A greeting.' }] });
  });
});

describe('continueConversation', () => {
  it('puts the stored conversation before the new input', () => {
    const first = storeFirstTurn();
    const request = parseRequest({ previous_response_id: first.id, input: [{ type: 'function_call_output', call_id: 'call_1', output: '18C' }] });
    expect(continueConversation(first, request).input).toEqual([...first.conversation, { type: 'function_call_output', call_id: 'call_1', output: '18C' }]);
  });

  it('translates into the whole conversation, without the previous instructions', () => {
    const first = storeFirstTurn();
    const request = parseRequest({ previous_response_id: first.id, input: [{ type: 'function_call_output', call_id: 'call_1', output: '18C' }] });
    expect(translateRequest(continueConversation(first, request), context).messages).toEqual([
      { role: 'user', content: 'Weather in Paris?' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
      { role: 'tool', tool_call_id: 'call_1', content: '18C' },
    ]);
  });

  it('applies the new request’s own instructions', () => {
    const first = storeFirstTurn();
    const request = parseRequest({ previous_response_id: first.id, instructions: 'Answer in French.', input: 'And tomorrow?' });
    expect(translateRequest(continueConversation(first, request), context).messages[0]).toEqual({ role: 'system', content: 'Answer in French.' });
  });

  it('stores items that a continued conversation parses again', () => {
    const first = storeFirstTurn();
    expect(parseRequest({ input: first.conversation }).input).toEqual(first.conversation);
  });

  it('leaves a request that continues nothing as it is', () => {
    const request = parseRequest({ input: 'Hi' });
    expect(continueConversation(undefined, request)).toBe(request);
  });

  it('refuses a previous response the store does not have, as OpenAI does', () => {
    const request = parseRequest({ previous_response_id: 'resp_gone' });
    expect(() => continueConversation(undefined, request)).toThrow(
      expect.objectContaining({ status: 400, code: 'previous_response_not_found', param: 'previous_response_id', message: "Previous response with id 'resp_gone' not found." }),
    );
  });
});
