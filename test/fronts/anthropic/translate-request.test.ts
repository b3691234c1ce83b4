import { describe, expect, it } from 'vitest';
import { chatCompletionRequestSchema } from '../../../core/openai-types.js';
import { messagesRequestSchema } from '../../../fronts/anthropic/messages-request-schema.js';
import { translateRequest } from '../../../fronts/anthropic/translate-request.js';
import { context } from './stream-support.js';

const base = { model: 'claude-local', max_tokens: 256, messages: [{ role: 'user', content: 'Hi' }] };

function translate(extra: Record<string, unknown>) {
  return translateRequest(messagesRequestSchema.parse({ ...base, ...extra }), context);
}

describe('translateRequest', () => {
  it('sends the public model, the messages and max_tokens, and nothing else unasked', () => {
    expect(translate({})).toEqual({ model: 'claude-local', messages: [{ role: 'user', content: 'Hi' }], max_tokens: 256 });
  });

  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    ['temperature', { temperature: 0.2 }, { temperature: 0.2 }],
    ['top_p', { top_p: 0.9 }, { top_p: 0.9 }],
    ['top_k', { top_k: 40 }, { top_k: 40 }],
    ['stop_sequences as stop', { stop_sequences: ['END', '###'] }, { stop: ['END', '###'] }],
    ['metadata.user_id as user', { metadata: { user_id: 'user-7' } }, { user: 'user-7' }],
    ['tool_choice any as required', { tool_choice: { type: 'any' } }, { tool_choice: 'required' }],
    ['disable_parallel_tool_use', { tool_choice: { type: 'auto', disable_parallel_tool_use: true } }, { tool_choice: 'auto', parallel_tool_calls: false }],
    ['thinking as reasoning_effort', { thinking: { type: 'enabled', budget_tokens: 10_000 } }, { reasoning_effort: 'medium' }],
    ['a stream with the usage chunk asked for', { stream: true }, { stream: true, stream_options: { include_usage: true } }],
  ])('maps %s', (_name, extra, expected) => {
    expect(translate(extra)).toMatchObject(expected);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['an empty stop_sequences', { stop_sequences: [] }, 'stop'],
    ['a null metadata.user_id', { metadata: { user_id: null } }, 'user'],
    ['thinking disabled', { thinking: { type: 'disabled' } }, 'reasoning_effort'],
    ['stream false', { stream: false }, 'stream'],
    ['an empty tools list', { tools: [] }, 'tools'],
  ])('leaves out %s', (_name, extra, field) => {
    expect(translate(extra)).not.toHaveProperty(field);
  });

  it('sends tools as function tools whose parameters are the input schema', () => {
    const inputSchema = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] };
    const chat = translate({ tools: [{ name: 'get_weather', description: 'Weather now', input_schema: inputSchema }, { name: 'now', input_schema: { type: 'object' } }] });
    expect(chat.tools).toEqual([
      { type: 'function', function: { name: 'get_weather', description: 'Weather now', parameters: inputSchema } },
      { type: 'function', function: { name: 'now', parameters: { type: 'object' } } },
    ]);
  });

  it('produces a request the chat-completions schema accepts', () => {
    const chat = translate({
      system: 'Be brief.',
      messages: [
        { role: 'user', content: 'Weather?' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: '18C' }] },
      ],
      tools: [{ name: 'get_weather', input_schema: { type: 'object' } }],
      tool_choice: { type: 'tool', name: 'get_weather' },
      stop_sequences: ['END'],
      temperature: 1,
      thinking: { type: 'enabled', budget_tokens: 20_000 },
      stream: true,
    });
    expect(chatCompletionRequestSchema.safeParse(chat).error).toBeUndefined();
  });
});
