import { describe, expect, it } from 'vitest';
import type { ChatCompletion } from '../../../core/openai-types.js';
import { translateResponse } from '../../../fronts/anthropic/translate-response.js';
import { context } from './stream-support.js';

type ChatMessage = ChatCompletion['choices'][number]['message'];

function createCompletion(message: Partial<ChatMessage>, finishReason: ChatCompletion['choices'][number]['finish_reason'] = 'stop'): ChatCompletion {
  return {
    id: 'chatcmpl-1',
    object: 'chat.completion',
    created: 1_700_000_000,
    model: 'llama3.2:3b',
    choices: [{ index: 0, message: { role: 'assistant', content: null, ...message }, logprobs: null, finish_reason: finishReason }],
    usage: { prompt_tokens: 20, completion_tokens: 9, total_tokens: 29 },
  };
}

describe('translateResponse', () => {
  it('answers text as a message of the public model with one text block', () => {
    expect(translateResponse(createCompletion({ content: 'Hello!' }), context)).toEqual({
      id: 'msg_test0001',
      type: 'message',
      role: 'assistant',
      model: 'claude-local',
      content: [{ type: 'text', text: 'Hello!' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: 20, output_tokens: 9 },
    });
  });

  it('puts reasoning first as a thinking block with an empty signature', () => {
    const message = translateResponse(createCompletion({ content: '4', reasoning_content: '2 + 2 = 4' }), context);
    expect(message.content).toEqual([
      { type: 'thinking', thinking: '2 + 2 = 4', signature: '' },
      { type: 'text', text: '4' },
    ]);
  });

  it('answers tool calls as tool_use blocks after the text, with parsed input and tool_use', () => {
    const completion = createCompletion(
      {
        content: 'Checking.',
        tool_calls: [
          { id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
          { id: 'call_b', type: 'function', function: { name: 'now', arguments: '' } },
        ],
      },
      'tool_calls',
    );
    const message = translateResponse(completion, context);
    expect(message.content).toEqual([
      { type: 'text', text: 'Checking.' },
      { type: 'tool_use', id: 'call_a', name: 'get_weather', input: { city: 'Paris' } },
      { type: 'tool_use', id: 'call_b', name: 'now', input: {} },
    ]);
    expect(message.stop_reason).toBe('tool_use');
  });

  it('gives a tool call with an empty id one derived from the response id', () => {
    const completion = createCompletion({ tool_calls: [{ id: '', type: 'function', function: { name: 'now', arguments: '{}' } }] }, 'tool_calls');
    expect(translateResponse(completion, context).content).toEqual([{ type: 'tool_use', id: 'toolu_test0001_0', name: 'now', input: {} }]);
  });

  it.each([
    ['length', 'max_tokens'],
    ['content_filter', 'refusal'],
    [null, 'end_turn'],
  ] as const)('maps finish_reason %s to stop_reason %s', (finishReason, stopReason) => {
    expect(translateResponse(createCompletion({ content: 'x' }, finishReason), context).stop_reason).toBe(stopReason);
  });

  it('answers empty content with no blocks', () => {
    expect(translateResponse(createCompletion({ content: '' }), context).content).toEqual([]);
  });

  it('answers a completion without choices as an empty end_turn message', () => {
    const completion = { ...createCompletion({}), choices: [] };
    expect(translateResponse(completion, context)).toMatchObject({ content: [], stop_reason: 'end_turn' });
  });
});
