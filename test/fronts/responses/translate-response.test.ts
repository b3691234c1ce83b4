import { describe, expect, it } from 'vitest';
import type { ChatCompletion, FinishReason } from '../../../core/openai-types.js';
import { translateResponse } from '../../../fronts/responses/translate-response.js';
import { context, parseRequest } from './fixtures.js';

type Message = ChatCompletion['choices'][number]['message'];

const defaultUsage = { prompt_tokens: 12, completion_tokens: 5, total_tokens: 17 };

function completion(message: Partial<Message>, finishReason: FinishReason = 'stop', usage: ChatCompletion['usage'] = defaultUsage): ChatCompletion {
  return {
    id: 'chatcmpl-1',
    object: 'chat.completion',
    created: 1,
    model: 'upstream-model',
    choices: [{ index: 0, message: { role: 'assistant', content: null, ...message }, logprobs: null, finish_reason: finishReason }],
    usage,
  };
}

const fromChat = (answer: ChatCompletion, body: Record<string, unknown> = {}) => translateResponse(answer, parseRequest(body), context);
const call = (id: string, name: string, args: string) => ({ id, type: 'function' as const, function: { name, arguments: args } });

describe('translateResponse', () => {
  it('answers text as one completed message item', () => {
    const response = fromChat(completion({ content: 'Hello!' }));
    expect(response).toMatchObject({ id: 'resp_abc123', object: 'response', created_at: 1_750_000_000, status: 'completed', model: 'chat' });
    expect(response).toMatchObject({ error: null, incomplete_details: null });
    expect(response.output).toEqual([
      { type: 'message', id: 'msg_abc123_0', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: 'Hello!', annotations: [] }] },
    ]);
  });

  it('reports usage in Responses terms', () => {
    expect(fromChat(completion({ content: 'Hello!' })).usage).toEqual({
      input_tokens: 12,
      input_tokens_details: { cached_tokens: 0 },
      output_tokens: 5,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: 17,
    });
  });

  it('keeps the cached and reasoning counts a backend reported', () => {
    const usage = { ...defaultUsage, prompt_tokens_details: { cached_tokens: 8 }, completion_tokens_details: { reasoning_tokens: 3 } };
    expect(fromChat(completion({ content: 'Hi' }, 'stop', usage)).usage).toMatchObject({ input_tokens_details: { cached_tokens: 8 }, output_tokens_details: { reasoning_tokens: 3 } });
  });

  it('puts reasoning first, as a reasoning item with one summary part', () => {
    const response = fromChat(completion({ content: '4', reasoning_content: '2+2 is 4.' }));
    expect(response.output).toEqual([
      { type: 'reasoning', id: 'rs_abc123_0', summary: [{ type: 'summary_text', text: '2+2 is 4.' }] },
      { type: 'message', id: 'msg_abc123_1', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: '4', annotations: [] }] },
    ]);
  });

  it('answers tool calls as function_call items with the backend’s call ids', () => {
    const response = fromChat(completion({ tool_calls: [call('call_1', 'get_weather', '{"city":"Paris"}'), call('call_2', 'get_time', '{}')] }, 'tool_calls'));
    expect(response.status).toBe('completed');
    expect(response.output).toEqual([
      { type: 'function_call', id: 'fc_abc123_0', call_id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}', status: 'completed' },
      { type: 'function_call', id: 'fc_abc123_1', call_id: 'call_2', name: 'get_time', arguments: '{}', status: 'completed' },
    ]);
  });

  it('keeps text written before tool calls as a message before them', () => {
    const response = fromChat(completion({ content: 'Checking.', tool_calls: [call('call_1', 'get_weather', '{}')] }, 'tool_calls'));
    expect(response.output.map((item) => item.type)).toEqual(['message', 'function_call']);
  });

  it('gives a tool call without an id one of its own', () => {
    const response = fromChat(completion({ tool_calls: [call('', 'get_weather', '{}')] }, 'tool_calls'));
    expect(response.output[0]).toMatchObject({ call_id: 'call_abc123_0' });
  });

  it('answers an empty reply with an empty message', () => {
    expect(fromChat(completion({ content: '' })).output).toEqual([
      { type: 'message', id: 'msg_abc123_0', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: '', annotations: [] }] },
    ]);
  });

  it.each([
    ['length', 'max_output_tokens'],
    ['content_filter', 'content_filter'],
  ] as const)('is incomplete when the finish reason is %s', (finishReason, reason) => {
    const response = fromChat(completion({ content: 'Once upon a' }, finishReason));
    expect(response.status).toBe('incomplete');
    expect(response.incomplete_details).toEqual({ reason });
    expect(response.output[0]).toMatchObject({ type: 'message', status: 'incomplete' });
  });

  it('leaves only the item that was cut off incomplete', () => {
    const response = fromChat(completion({ content: 'Checking.', tool_calls: [call('call_1', 'get_weather', '{"ci')] }, 'length'));
    expect(response.output.map((item) => ('status' in item ? item.status : undefined))).toEqual(['completed', 'incomplete']);
  });

  it('echoes the request’s fields with OpenAI’s defaults where none was sent', () => {
    expect(fromChat(completion({ content: 'Hi' }))).toMatchObject({
      instructions: null,
      max_output_tokens: null,
      parallel_tool_calls: true,
      previous_response_id: null,
      reasoning: { effort: null, summary: null },
      store: true,
      temperature: null,
      text: { format: { type: 'text' } },
      tool_choice: 'auto',
      tools: [],
      top_p: null,
      truncation: 'disabled',
      user: null,
      metadata: {},
    });
  });

  it('echoes the fields the request set', () => {
    const body = {
      instructions: 'Be brief.',
      max_output_tokens: 50,
      parallel_tool_calls: false,
      previous_response_id: 'resp_prev',
      reasoning: { effort: 'high' },
      store: false,
      temperature: 0.5,
      text: { format: { type: 'json_schema', name: 'person', schema: { type: 'object' }, strict: true } },
      tool_choice: { type: 'function', name: 'ping' },
      tools: [{ type: 'function', name: 'ping', strict: false }],
      top_p: 0.8,
      user: 'u-1',
      metadata: { ticket: '42' },
    };
    expect(fromChat(completion({ content: 'Hi' }), body)).toMatchObject({
      ...body,
      reasoning: { effort: 'high', summary: null },
      tools: [{ type: 'function', name: 'ping', description: null, parameters: null, strict: false }],
    });
  });
});
