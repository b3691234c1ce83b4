import { describe, expect, it } from 'vitest';
import type { ChatCompletionRequest } from '../../../core/openai-types.js';
import { translateRequest } from '../../../fronts/responses/translate-request.js';
import { context, parseRequest } from './fixtures.js';

const toChat = (body: Record<string, unknown>) => translateRequest(parseRequest(body), context);

const weather = {
  type: 'function',
  name: 'get_weather',
  description: 'Weather in a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } } },
  strict: true,
};

describe('translateRequest', () => {
  it('sends a string input as one user message to the public model', () => {
    expect(toChat({ model: 'chat', input: 'Hi' })).toEqual({ model: 'chat', messages: [{ role: 'user', content: 'Hi' }] });
  });

  it('puts the instructions first, as a system message', () => {
    expect(toChat({ instructions: 'Be brief.', input: 'Hi' }).messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hi' },
    ]);
  });

  it('makes the instructions and leading developer messages one system message', () => {
    expect(toChat({ instructions: 'Be brief.', input: [{ role: 'developer', content: 'Use French.' }, { role: 'user', content: 'Hi' }] }).messages).toEqual([
      { role: 'system', content: 'Be brief.\n\nUse French.' },
      { role: 'user', content: 'Hi' },
    ]);
  });

  it.each<[string, Record<string, unknown>, Partial<ChatCompletionRequest>]>([
    ['max_output_tokens as max_tokens', { max_output_tokens: 64 }, { max_tokens: 64 }],
    ['temperature and top_p', { temperature: 0.2, top_p: 0.9 }, { temperature: 0.2, top_p: 0.9 }],
    ['user', { user: 'u-1' }, { user: 'u-1' }],
    ['parallel_tool_calls', { parallel_tool_calls: false }, { parallel_tool_calls: false }],
    ['reasoning.effort as reasoning_effort', { reasoning: { effort: 'low', summary: 'auto' } }, { reasoning_effort: 'low' }],
    ['text.verbosity as verbosity', { text: { verbosity: 'low' } }, { verbosity: 'low' }],
    ['a text format', { text: { format: { type: 'text' } } }, { response_format: { type: 'text' } }],
    ['a JSON object format', { text: { format: { type: 'json_object' } } }, { response_format: { type: 'json_object' } }],
    [
      'a JSON schema format, nested under json_schema',
      { text: { format: { type: 'json_schema', name: 'person', schema: { type: 'object' }, strict: true } } },
      { response_format: { type: 'json_schema', json_schema: { name: 'person', schema: { type: 'object' }, strict: true } } },
    ],
    [
      'flat function tools, nested under function',
      { tools: [weather] },
      { tools: [{ type: 'function', function: { name: 'get_weather', description: 'Weather in a city', parameters: weather.parameters, strict: true } }] },
    ],
    ['a tool with only a name', { tools: [{ type: 'function', name: 'ping' }] }, { tools: [{ type: 'function', function: { name: 'ping' } }] }],
    ['tool_choice auto', { tool_choice: 'auto' }, { tool_choice: 'auto' }],
    ['tool_choice required', { tool_choice: 'required' }, { tool_choice: 'required' }],
    ['tool_choice none', { tool_choice: 'none' }, { tool_choice: 'none' }],
    ['a forced function', { tool_choice: { type: 'function', name: 'get_weather' } }, { tool_choice: { type: 'function', function: { name: 'get_weather' } } }],
    ['stream with usage asked for', { stream: true }, { stream: true, stream_options: { include_usage: true } }],
  ])('maps %s', (_name, body, expected) => {
    expect(toChat(body)).toEqual({ model: 'chat', messages: [{ role: 'user', content: 'Hi' }], ...expected });
  });

  it.each([
    ['null fields', { max_output_tokens: null, temperature: null, top_p: null, tools: null, tool_choice: null, instructions: null }],
    ['an empty tool list', { tools: [] }],
    ['stream false', { stream: false }],
    ['fields that shape only the Response object', { store: false, metadata: { k: 'v' }, previous_response_id: 'resp_1' }],
  ])('sends nothing for %s', (_name, body) => {
    expect(toChat(body)).toEqual({ model: 'chat', messages: [{ role: 'user', content: 'Hi' }] });
  });

  it('refuses a request with nothing to answer', () => {
    expect(() => toChat({ input: [{ type: 'reasoning', id: 'rs_1', summary: [] }] })).toThrow(expect.objectContaining({ status: 400, param: 'input' }));
  });
});
