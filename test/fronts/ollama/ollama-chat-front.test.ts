import { describe, expect, it } from 'vitest';
import { chatCompletionRequestSchema } from '../../../core/openai-types.js';
import { ollamaChatFront } from '../../../fronts/ollama/ollama-chat-front.js';
import type { OllamaChatRequest } from '../../../fronts/ollama/ollama-requests.js';
import { completion, context, nowText } from './front-support.js';

const question = [{ role: 'user' as const, content: 'why is the sky blue?' }];
const callWithArguments = (args: unknown) => [{ role: 'assistant', content: '', tool_calls: [{ function: { name: 'f', arguments: args } }] }];
const weatherTool = {
  type: 'function' as const,
  function: { name: 'get_weather', description: 'Weather in a city', parameters: { type: 'object', properties: { city: { type: 'string' } } } },
};

function parse(body: unknown): OllamaChatRequest {
  return ollamaChatFront.schema.parse(body);
}

describe('ollamaChatFront.schema', () => {
  it.each([
    ['a plain chat', { model: 'llama3.2', messages: question }],
    ['a load request without messages', { model: 'llama3.2' }],
    ['fields from newer Ollama versions', { model: 'llama3.2', messages: question, logprobs: true, shift: false }],
    ['think as a level', { model: 'gpt-oss', messages: question, think: 'max' }],
    ['format as a schema', { model: 'llama3.2', messages: question, format: { type: 'object' } }],
    ['a tool call with arguments as an object', { model: 'm', messages: callWithArguments({ a: 1 }) }],
  ])('accepts %s', (_name, body) => {
    expect(ollamaChatFront.schema.safeParse(body).success).toBe(true);
  });

  it.each([
    ['no model', { messages: question }, ['model']],
    ['an unknown role', { model: 'm', messages: [{ role: 'robot', content: 'x' }] }, ['messages', 0, 'role']],
    ['an image that is not base64', { model: 'm', messages: [{ role: 'user', content: 'x', images: ['not base64!'] }] }, ['messages', 0, 'images', 0]],
    ['think as an unknown level', { model: 'm', messages: question, think: 'extreme' }, ['think']],
    ['format as another string', { model: 'm', messages: question, format: 'yaml' }, ['format']],
    ['a temperature OpenAI refuses', { model: 'm', messages: question, options: { temperature: 3 } }, ['options', 'temperature']],
    ['tool arguments as a string', { model: 'm', messages: callWithArguments('{}') }, ['messages', 0, 'tool_calls', 0, 'function', 'arguments']],
  ])('refuses %s, naming the field', (_name, body, path) => {
    const result = ollamaChatFront.schema.safeParse(body);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(path);
  });
});

describe('ollamaChatFront.isStream', () => {
  it.each([
    ['stream left out', {}, true],
    ['stream null', { stream: null }, true],
    ['stream true', { stream: true }, true],
    ['stream false', { stream: false }, false],
  ])('is %s → %s', (_name, fields, expected) => {
    expect(ollamaChatFront.isStream(parse({ model: 'm', messages: question, ...fields }))).toBe(expected);
  });

  it('is false for a load request, which Ollama answers with one object', () => {
    expect(ollamaChatFront.isStream(parse({ model: 'm', messages: [] }))).toBe(false);
  });
});

describe('ollamaChatFront.toChat', () => {
  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    ['a streamed chat asking for usage', {}, { stream: true, stream_options: { include_usage: true } }],
    ['a whole answer', { stream: false }, { stream: false }],
    ['tools as they are', { tools: [weatherTool] }, { tools: [weatherTool] }],
    ['JSON mode', { format: 'json' }, { response_format: { type: 'json_object' } }],
    ['a think level', { think: 'low' }, { think: 'low', reasoning_effort: 'low' }],
    ['keep_alive', { keep_alive: '30m' }, { keep_alive: '30m' }],
    [
      'options',
      { options: { num_predict: 64, temperature: 0, top_k: 20, num_ctx: 4096 } },
      { max_tokens: 64, temperature: 0, top_k: 20, options: { top_k: 20, num_ctx: 4096 } },
    ],
  ])('translates %s', (_name, fields, expected) => {
    const chat = ollamaChatFront.toChat(parse({ model: 'llama3.2', messages: question, ...fields }), context);
    expect(chat).toMatchObject({ model: context.publicModel, messages: question, ...expected });
  });

  it('asks for no usage when not streaming', () => {
    expect(ollamaChatFront.toChat(parse({ model: 'm', messages: question, stream: false }), context)).not.toHaveProperty('stream_options');
  });

  it('leaves out an empty tool list', () => {
    expect(ollamaChatFront.toChat(parse({ model: 'm', messages: question, tools: [] }), context)).not.toHaveProperty('tools');
  });

  it('gives a load request the smallest valid chat request', () => {
    const chat = ollamaChatFront.toChat(parse({ model: 'm', keep_alive: 0 }), context);
    expect(chat).toEqual({ model: context.publicModel, messages: [{ role: 'user', content: '' }], max_tokens: 1, stream: false, keep_alive: 0 });
  });

  it.each([
    ['a plain chat', { messages: question }],
    ['a load request', {}],
    [
      'every field',
      {
        messages: [...question, ...callWithArguments({}), { role: 'tool', content: 'ok' }],
        tools: [weatherTool],
        format: { type: 'object' },
        think: 'max',
        options: { num_predict: 5, stop: 'x', top_k: 3 },
        keep_alive: -1,
      },
    ],
  ])('produces what the chat-completions schema accepts for %s', (_name, fields) => {
    const chat = ollamaChatFront.toChat(parse({ model: 'llama3.2', ...fields }), context);
    expect(chatCompletionRequestSchema.safeParse(chat).error).toBeUndefined();
  });
});

describe('ollamaChatFront.fromChat', () => {
  const request = parse({ model: 'llama3.2', messages: question, stream: false });

  it('answers text with Ollama’s fields, counts from usage and zero durations', () => {
    expect(ollamaChatFront.fromChat(completion({ content: 'Rayleigh scattering.' }), request, context)).toEqual({
      model: context.publicModel,
      created_at: nowText,
      message: { role: 'assistant', content: 'Rayleigh scattering.' },
      done: true,
      done_reason: 'stop',
      total_duration: 0,
      load_duration: 0,
      prompt_eval_count: 12,
      prompt_eval_duration: 0,
      eval_count: 5,
      eval_duration: 0,
    });
  });

  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    ['reasoning_content as thinking', { content: '4', reasoning_content: '2+2' }, { content: '4', thinking: '2+2' }],
    ['vLLM’s reasoning as thinking', { content: '4', reasoning: '2+2' }, { content: '4', thinking: '2+2' }],
    ['null content as an empty string', { content: null }, { content: '' }],
  ])('writes %s', (_name, message, expected) => {
    expect(ollamaChatFront.fromChat(completion(message), request, context).message).toEqual({ role: 'assistant', ...expected });
  });

  it('writes tool calls whole, arguments as objects, with id and index, and done_reason stop', () => {
    const answer = completion(
      {
        tool_calls: [
          { id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
          { id: 'call_b', type: 'function', function: { name: 'get_time', arguments: '' } },
        ],
      },
      'tool_calls',
    );
    expect(ollamaChatFront.fromChat(answer, request, context)).toMatchObject({
      message: {
        role: 'assistant',
        content: '',
        tool_calls: [
          { id: 'call_a', function: { index: 0, name: 'get_weather', arguments: { city: 'Paris' } } },
          { id: 'call_b', function: { index: 1, name: 'get_time', arguments: {} } },
        ],
      },
      done_reason: 'stop',
    });
  });

  it('fails with a named error when tool arguments are not a JSON object', () => {
    const answer = completion({ tool_calls: [{ id: 'c', type: 'function', function: { name: 'get_weather', arguments: '{"city":' } }] }, 'tool_calls');
    expect(() => ollamaChatFront.fromChat(answer, request, context)).toThrow(
      expect.objectContaining({ status: 502, code: 'invalid_tool_arguments', retryable: false }),
    );
  });

  it('reports length when the token limit cut the answer', () => {
    expect(ollamaChatFront.fromChat(completion({ content: 'Ray' }, 'length'), request, context).done_reason).toBe('length');
  });

  it('answers a load request with done_reason load', () => {
    expect(ollamaChatFront.answerLoadOnly(parse({ model: 'm' }), context)).toEqual({
      model: context.publicModel,
      created_at: nowText,
      message: { role: 'assistant', content: '' },
      done: true,
      done_reason: 'load',
    });
  });
});
