import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../../core/openai-types.js';
import { translateInputItems } from '../../../fronts/responses/translate-input-items.js';
import { parseRequest } from './fixtures.js';

/** Items as a client sends them, parsed by the front's schema first, as at the edge. */
function translate(input: unknown[]): ChatMessage[] {
  return translateInputItems(parseRequest({ input }).input);
}

const image = 'data:image/png;base64,iVBORw0KGgo=';
const call = (callId: string, name = 'get_weather') => ({ type: 'function_call', call_id: callId, name, arguments: '{"city":"Paris"}' });
const chatCall = (id: string, name = 'get_weather') => ({ id, type: 'function' as const, function: { name, arguments: '{"city":"Paris"}' } });

describe('translateInputItems', () => {
  it.each<[string, unknown[], ChatMessage[]]>([
    ['a user message with text', [{ role: 'user', content: 'Hi' }], [{ role: 'user', content: 'Hi' }]],
    ['a typed message item', [{ type: 'message', role: 'user', content: 'Hi' }], [{ role: 'user', content: 'Hi' }]],
    ['a system message', [{ role: 'system', content: 'Be brief.' }], [{ role: 'system', content: 'Be brief.' }]],
    ['a developer message, as system', [{ role: 'developer', content: 'Be brief.' }], [{ role: 'system', content: 'Be brief.' }]],
    [
      'text and image parts',
      [{ role: 'user', content: [{ type: 'input_text', text: 'What is this?' }, { type: 'input_image', image_url: image, detail: 'low' }] }],
      [{ role: 'user', content: [{ type: 'text', text: 'What is this?' }, { type: 'image_url', image_url: { url: image, detail: 'low' } }] }],
    ],
    [
      'an image with a detail chat does not know',
      [{ role: 'user', content: [{ type: 'input_image', image_url: image, detail: 'original' }] }],
      [{ role: 'user', content: [{ type: 'image_url', image_url: { url: image } }] }],
    ],
    [
      'assistant history as output_text parts',
      [
        {
          type: 'message',
          id: 'msg_1',
          status: 'completed',
          role: 'assistant',
          content: [{ type: 'output_text', text: 'Hello', annotations: [] }, { type: 'output_text', text: ' there', annotations: [] }],
        },
      ],
      [{ role: 'assistant', content: 'Hello there' }],
    ],
    ['an assistant refusal', [{ role: 'assistant', content: [{ type: 'refusal', refusal: 'I cannot help.' }] }], [{ role: 'assistant', content: 'I cannot help.' }]],
    ['a lone function call', [call('call_1')], [{ role: 'assistant', content: null, tool_calls: [chatCall('call_1')] }]],
    [
      'consecutive function calls, in one assistant message',
      [call('call_1'), call('call_2', 'get_time')],
      [{ role: 'assistant', content: null, tool_calls: [chatCall('call_1'), chatCall('call_2', 'get_time')] }],
    ],
    [
      'function calls after the assistant text of the same turn',
      [{ role: 'assistant', content: 'Checking.' }, call('call_1')],
      [{ role: 'assistant', content: 'Checking.', tool_calls: [chatCall('call_1')] }],
    ],
    [
      'function call outputs, as tool messages',
      [call('call_1'), call('call_2'), { type: 'function_call_output', call_id: 'call_1', output: '18C' }, { type: 'function_call_output', call_id: 'call_2', output: '20C' }],
      [
        { role: 'assistant', content: null, tool_calls: [chatCall('call_1'), chatCall('call_2')] },
        { role: 'tool', tool_call_id: 'call_1', content: '18C' },
        { role: 'tool', tool_call_id: 'call_2', content: '20C' },
      ],
    ],
    [
      'a function call output given as parts',
      [{ type: 'function_call_output', call_id: 'call_1', output: [{ type: 'input_text', text: 'a chart:' }, { type: 'input_image', image_url: image }] }],
      [{ role: 'tool', tool_call_id: 'call_1', content: [{ type: 'text', text: 'a chart:' }, { type: 'image_url', image_url: { url: image } }] }],
    ],
    [
      'a second round of calls after the outputs of the first',
      [call('call_1'), { type: 'function_call_output', call_id: 'call_1', output: '18C' }, call('call_2')],
      [
        { role: 'assistant', content: null, tool_calls: [chatCall('call_1')] },
        { role: 'tool', tool_call_id: 'call_1', content: '18C' },
        { role: 'assistant', content: null, tool_calls: [chatCall('call_2')] },
      ],
    ],
    [
      'reasoning items, dropped',
      [{ role: 'user', content: 'Hi' }, { type: 'reasoning', id: 'rs_1', summary: [{ type: 'summary_text', text: 'Greeting.' }] }, { role: 'assistant', content: 'Hello' }],
      [{ role: 'user', content: 'Hi' }, { role: 'assistant', content: 'Hello' }],
    ],
  ])('translates %s', (_name, input, expected) => {
    expect(translate(input)).toEqual(expected);
  });

  it('groups calls across a reasoning item between them', () => {
    const messages = translate([call('call_1'), { type: 'reasoning', id: 'rs_1', summary: [] }, call('call_2')]);
    expect(messages).toEqual([{ role: 'assistant', content: null, tool_calls: [chatCall('call_1'), chatCall('call_2')] }]);
  });

  it('does not change the items it was given', () => {
    const request = parseRequest({ input: [{ role: 'assistant', content: 'Checking.' }, call('call_1')] });
    const before = structuredClone(request.input);
    translateInputItems(request.input);
    expect(request.input).toEqual(before);
  });
});
