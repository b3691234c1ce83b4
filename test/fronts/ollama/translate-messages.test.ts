import { describe, expect, it } from 'vitest';
import type { OllamaMessage } from '../../../fronts/ollama/ollama-requests.js';
import { translateMessages } from '../../../fronts/ollama/translate-messages.js';

const png = 'iVBORw0KGgoAAAANSUhEUg==';
const weatherCall = (id?: string) => ({ ...(id ? { id } : {}), function: { name: 'get_weather', arguments: { city: 'Paris' } } });
const timeCall = (id?: string) => ({ ...(id ? { id } : {}), function: { name: 'get_time', arguments: {} } });

describe('translateMessages', () => {
  it.each<[string, OllamaMessage, unknown]>([
    ['a user message as it is', { role: 'user', content: 'hi' }, { role: 'user', content: 'hi' }],
    ['a system message as it is', { role: 'system', content: 'be brief' }, { role: 'system', content: 'be brief' }],
    ['missing content as an empty string', { role: 'user' }, { role: 'user', content: '' }],
    [
      'images as image_url parts after the text',
      { role: 'user', content: 'what is this?', images: [png] },
      { role: 'user', content: [{ type: 'text', text: 'what is this?' }, { type: 'image_url', image_url: { url: `data:image/png;base64,${png}` } }] },
    ],
    [
      'images without text as image parts alone',
      { role: 'user', content: '', images: [png] },
      { role: 'user', content: [{ type: 'image_url', image_url: { url: `data:image/png;base64,${png}` } }] },
    ],
    [
      'thinking as reasoning_content',
      { role: 'assistant', content: '4', thinking: '2+2 is 4' },
      { role: 'assistant', content: '4', reasoning_content: '2+2 is 4' },
    ],
  ])('translates %s', (_name, message, expected) => {
    expect(translateMessages([message])).toEqual([expected]);
  });

  it('writes tool call arguments as a JSON string and keeps Ollama’s id', () => {
    const [assistant] = translateMessages([{ role: 'assistant', content: '', tool_calls: [weatherCall('call_x7k2m9qa')] }]);
    expect(assistant).toEqual({
      role: 'assistant',
      content: '',
      tool_calls: [{ id: 'call_x7k2m9qa', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }],
    });
  });

  it('numbers calls without an id by their position in the conversation', () => {
    const messages = translateMessages([
      { role: 'assistant', content: '', tool_calls: [weatherCall(), timeCall()] },
      { role: 'user', content: 'and again' },
      { role: 'assistant', content: '', tool_calls: [weatherCall()] },
    ]);
    const ids = messages.flatMap((message) => (message.role === 'assistant' ? (message.tool_calls ?? []).map((call) => call.id) : []));
    expect(ids).toEqual(['call_0', 'call_1', 'call_2']);
  });

  it('makes the same ids for the same conversation every time', () => {
    const conversation: OllamaMessage[] = [
      { role: 'assistant', content: '', tool_calls: [weatherCall()] },
      { role: 'tool', content: '18°C', tool_name: 'get_weather' },
    ];
    expect(translateMessages(conversation)).toEqual(translateMessages(conversation));
  });

  it('sends arguments given as null as an empty object', () => {
    const [assistant] = translateMessages([{ role: 'assistant', content: '', tool_calls: [{ function: { name: 'ping', arguments: null } }] }]);
    expect(assistant).toMatchObject({ tool_calls: [{ function: { name: 'ping', arguments: '{}' } }] });
  });

  it.each<[string, OllamaMessage[], Array<string | undefined>]>([
    [
      'each result to the call of its tool',
      [
        { role: 'assistant', content: '', tool_calls: [weatherCall('call_w'), timeCall('call_t')] },
        { role: 'tool', content: '12:00', tool_name: 'get_time' },
        { role: 'tool', content: '18°C', tool_name: 'get_weather' },
      ],
      ['call_t', 'call_w'],
    ],
    [
      'two results of one tool to its calls in order',
      [
        { role: 'assistant', content: '', tool_calls: [weatherCall('call_a'), weatherCall('call_b')] },
        { role: 'tool', content: '18°C', tool_name: 'get_weather' },
        { role: 'tool', content: '21°C', tool_name: 'get_weather' },
      ],
      ['call_a', 'call_b'],
    ],
    [
      'results without tool_name to the calls in order',
      [
        { role: 'assistant', content: '', tool_calls: [weatherCall('call_a'), timeCall('call_b')] },
        { role: 'tool', content: '18°C' },
        { role: 'tool', content: '12:00' },
      ],
      ['call_a', 'call_b'],
    ],
    [
      'a result to the nearest assistant message with calls',
      [
        { role: 'assistant', content: '', tool_calls: [weatherCall('call_old')] },
        { role: 'tool', content: '18°C', tool_name: 'get_weather' },
        { role: 'assistant', content: 'It is 18°C.' },
        { role: 'user', content: 'and now?' },
        { role: 'assistant', content: '', tool_calls: [weatherCall('call_new')] },
        { role: 'tool', content: '17°C', tool_name: 'get_weather' },
      ],
      ['call_old', 'call_new'],
    ],
    [
      'a result’s own tool_call_id first, so a later result takes the other call',
      [
        { role: 'assistant', content: '', tool_calls: [weatherCall('call_a'), weatherCall('call_b')] },
        { role: 'tool', content: '21°C', tool_name: 'get_weather', tool_call_id: 'call_b' },
        { role: 'tool', content: '18°C', tool_name: 'get_weather' },
      ],
      ['call_b', 'call_a'],
    ],
  ])('ties %s', (_name, conversation, expectedIds) => {
    const ids = translateMessages(conversation).flatMap((message) => (message.role === 'tool' ? [message.tool_call_id] : []));
    expect(ids).toEqual(expectedIds);
  });

  it('gives a result that no call is left for an id of its own', () => {
    const messages = translateMessages([
      { role: 'assistant', content: '', tool_calls: [weatherCall()] },
      { role: 'tool', content: '18°C', tool_name: 'get_weather' },
      { role: 'tool', content: '12:00', tool_name: 'get_time' },
    ]);
    expect(messages.slice(1)).toEqual([
      { role: 'tool', content: '18°C', tool_call_id: 'call_0', name: 'get_weather' },
      { role: 'tool', content: '12:00', tool_call_id: 'call_1', name: 'get_time' },
    ]);
  });

  it('keeps tool_name as the tool message’s name', () => {
    const [, tool] = translateMessages([
      { role: 'assistant', content: '', tool_calls: [weatherCall('call_w')] },
      { role: 'tool', content: '18°C', tool_name: 'get_weather' },
    ]);
    expect(tool).toEqual({ role: 'tool', content: '18°C', tool_call_id: 'call_w', name: 'get_weather' });
  });
});
