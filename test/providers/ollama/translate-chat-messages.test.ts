import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../../core/openai-types.js';
import { parseToolArguments, translateChatMessages } from '../../../providers/ollama/translate-chat-messages.js';

const toolRoundTrip: ChatMessage[] = [
  { role: 'developer', content: 'Use tools when needed.' },
  { role: 'user', content: 'Weather in Toronto?' },
  {
    role: 'assistant',
    content: null,
    tool_calls: [
      { id: 'call_a', type: 'function', function: { name: 'get_current_weather', arguments: '{"location":"Toronto"}' } },
      { id: 'call_b', type: 'function', function: { name: 'get_time', arguments: '' } },
    ],
  },
  { role: 'tool', tool_call_id: 'call_a', content: '12°C, cloudy' },
  { role: 'tool', tool_call_id: 'call_b', content: [{ type: 'text', text: '14:05' }] },
];

describe('translateChatMessages', () => {
  it('translates a tool round trip into native Ollama messages', () => {
    expect(translateChatMessages(toolRoundTrip)).toEqual([
      { role: 'system', content: 'Use tools when needed.' },
      { role: 'user', content: 'Weather in Toronto?' },
      {
        role: 'assistant',
        content: '',
        tool_calls: [
          { id: 'call_a', function: { name: 'get_current_weather', arguments: { location: 'Toronto' } } },
          { id: 'call_b', function: { name: 'get_time', arguments: {} } },
        ],
      },
      { role: 'tool', content: '12°C, cloudy', tool_name: 'get_current_weather', tool_call_id: 'call_a' },
      { role: 'tool', content: '14:05', tool_name: 'get_time', tool_call_id: 'call_b' },
    ]);
  });

  it('prefers the name a tool message gives itself', () => {
    const [message] = translateChatMessages([{ role: 'tool', name: 'lookup', tool_call_id: 'call_unknown', content: 'ok' }]);
    expect(message).toEqual({ role: 'tool', content: 'ok', tool_name: 'lookup', tool_call_id: 'call_unknown' });
  });

  it('carries arguments already given as an object', () => {
    const [message] = translateChatMessages([
      { role: 'assistant', content: '', tool_calls: [{ function: { name: 'add', arguments: { a: 1, b: 2 } } }] },
    ]);
    expect(message?.tool_calls).toEqual([{ function: { name: 'add', arguments: { a: 1, b: 2 } } }]);
  });

  it('sends earlier reasoning as thinking', () => {
    const [message] = translateChatMessages([{ role: 'assistant', content: '4', reasoning_content: '2+2 is 4' }]);
    expect(message).toEqual({ role: 'assistant', content: '4', thinking: '2+2 is 4' });
  });

  it('puts image parts into the message images', () => {
    const [message] = translateChatMessages([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Describe' },
          { type: 'image_url', image_url: 'data:image/jpeg;base64,/9j/4AAQ' },
        ],
      },
    ]);
    expect(message).toEqual({ role: 'user', content: 'Describe', images: ['/9j/4AAQ'] });
  });

  it('refuses tool arguments that are not JSON, naming the field', () => {
    const messages: ChatMessage[] = [
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'x', function: { name: 'f', arguments: '{"a":' } }] },
    ];
    expect(() => translateChatMessages(messages)).toThrow(
      expect.objectContaining({ status: 400, param: 'messages[1].tool_calls[0].function.arguments' }),
    );
  });
});

describe('parseToolArguments', () => {
  it.each([
    ['{"city":"Paris"}', { city: 'Paris' }],
    ['  ', {}],
    ['{}', {}],
  ])('parses %j', (text, expected) => {
    expect(parseToolArguments(text, 'field')).toEqual(expected);
  });

  it.each(['[1,2]', '"text"', '42', 'null'])('refuses %s, which is not a JSON object', (text) => {
    expect(() => parseToolArguments(text, 'field')).toThrow(expect.objectContaining({ status: 400, param: 'field' }));
  });
});
