import { describe, expect, it } from 'vitest';
import type { ChatMessage, ContentPart } from '../../../core/openai-types.js';
import { messageParamSchema, type MessageParam, type MessagesRequest } from '../../../fronts/anthropic/messages-request-schema.js';
import { translateMessages } from '../../../fronts/anthropic/translate-messages.js';

const image = { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } };
const imagePart: ContentPart = { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } };

/** Parses through the schema so the cases are written as a client sends them. */
function translate(messages: unknown[], system?: MessagesRequest['system']): ChatMessage[] {
  return translateMessages(messages.map((message) => messageParamSchema.parse(message) as MessageParam), system);
}

describe('translateMessages', () => {
  it.each<[string, unknown[], ChatMessage[]]>([
    ['a string user message', [{ role: 'user', content: 'Hi' }], [{ role: 'user', content: 'Hi' }]],
    [
      'text and image blocks as content parts',
      [{ role: 'user', content: [{ type: 'text', text: 'What is this?' }, image] }],
      [{ role: 'user', content: [{ type: 'text', text: 'What is this?' }, imagePart] }],
    ],
    ['a string assistant message', [{ role: 'assistant', content: 'Hello' }], [{ role: 'assistant', content: 'Hello' }]],
    [
      'assistant text blocks joined',
      [{ role: 'assistant', content: [{ type: 'text', text: 'Hel' }, { type: 'text', text: 'lo' }] }],
      [{ role: 'assistant', content: 'Hello' }],
    ],
    [
      'assistant tool_use as tool_calls with the id kept',
      [{ role: 'assistant', content: [{ type: 'text', text: 'Checking.' }, { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } }] }],
      [
        {
          role: 'assistant',
          content: 'Checking.',
          tool_calls: [{ id: 'toolu_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }],
        },
      ],
    ],
    [
      'an assistant turn of tool calls only, with null content',
      [{ role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'now', input: {} }] }],
      [{ role: 'assistant', content: null, tool_calls: [{ id: 'toolu_1', type: 'function', function: { name: 'now', arguments: '{}' } }] }],
    ],
    [
      'thinking blocks dropped',
      [{ role: 'assistant', content: [{ type: 'thinking', thinking: 'Hmm', signature: 's' }, { type: 'redacted_thinking', data: 'x' }, { type: 'text', text: '4' }] }],
      [{ role: 'assistant', content: '4' }],
    ],
    [
      'tool results as tool messages before the rest of the user message, in order',
      [
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'toolu_1', content: '18C' },
            { type: 'text', text: 'And tomorrow?' },
            { type: 'tool_result', tool_use_id: 'toolu_2', content: 'noon' },
          ],
        },
      ],
      [
        { role: 'tool', tool_call_id: 'toolu_1', content: '18C' },
        { role: 'tool', tool_call_id: 'toolu_2', content: 'noon' },
        { role: 'user', content: [{ type: 'text', text: 'And tomorrow?' }] },
      ],
    ],
    [
      'a user message of tool results only, with no user turn added',
      [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: '18C' }] }],
      [{ role: 'tool', tool_call_id: 'toolu_1', content: '18C' }],
    ],
    [
      'tool result text blocks joined into a string',
      [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: [{ type: 'text', text: 'a' }, { type: 'text', text: 'b' }] }] }],
      [{ role: 'tool', tool_call_id: 't', content: 'a\nb' }],
    ],
    [
      'a tool result holding an image as content parts',
      [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: [{ type: 'text', text: 'chart:' }, image] }] }],
      [{ role: 'tool', tool_call_id: 't', content: [{ type: 'text', text: 'chart:' }, imagePart] }],
    ],
    [
      'a tool result without content, and an error one as it is',
      [
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 't1' },
            { type: 'tool_result', tool_use_id: 't2', content: 'city not found', is_error: true },
          ],
        },
      ],
      [
        { role: 'tool', tool_call_id: 't1', content: '' },
        { role: 'tool', tool_call_id: 't2', content: 'city not found' },
      ],
    ],
  ])('translates %s', (_name, messages, expected) => {
    expect(translate(messages)).toEqual(expected);
  });

  it.each<[string, MessagesRequest['system'], ChatMessage[]]>([
    ['a string system prompt', 'Be brief.', [{ role: 'system', content: 'Be brief.' }]],
    [
      'system text blocks joined with a blank line',
      [
        { type: 'text', text: 'You are a helper.' },
        { type: 'text', text: 'Be brief.' },
      ],
      [{ role: 'system', content: 'You are a helper.\n\nBe brief.' }],
    ],
    ['an empty system prompt as no message', '', []],
  ])('puts %s first', (_name, system, expected) => {
    expect(translate([{ role: 'user', content: 'Hi' }], system)).toEqual([...expected, { role: 'user', content: 'Hi' }]);
  });
});
