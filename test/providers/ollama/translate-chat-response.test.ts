import { describe, expect, it } from 'vitest';
import { translateChatResponse } from '../../../providers/ollama/translate-chat-response.js';
import { context, readJsonFixture } from './replay-fixture.js';

describe('translateChatResponse', () => {
  it('translates a whole /api/chat reply into a chat.completion', () => {
    expect(translateChatResponse(readJsonFixture('chat-response.json'), context)).toEqual({
      response: {
        id: 'chatcmpl-test0001',
        object: 'chat.completion',
        created: 1749737522,
        model: 'chat',
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: 'The capital of France is Paris.' },
            logprobs: null,
            finish_reason: 'stop',
          },
        ],
        usage: { prompt_tokens: 36, completion_tokens: 8, total_tokens: 44 },
      },
      usage: { prompt_tokens: 36, completion_tokens: 8, total_tokens: 44 },
      notes: { toolChoiceMissed: false },
    });
  });

  it('translates a whole /api/generate reply into a chat.completion', () => {
    const { response } = translateChatResponse(readJsonFixture('generate-response.json'), context);
    expect(response.choices[0]?.message.content).toBe('def add(a, b):\n    return a + b');
    expect(response.usage).toEqual({ prompt_tokens: 24, completion_tokens: 12, total_tokens: 36 });
  });

  it('reports tool calls with Ollama’s id, arguments as a JSON string and finish_reason tool_calls', () => {
    const { response } = translateChatResponse(readJsonFixture('chat-response-tool-calls.json'), context);
    expect(response.choices[0]).toEqual({
      index: 0,
      message: {
        role: 'assistant',
        content: null,
        reasoning_content: 'I should call the weather tool.',
        tool_calls: [
          {
            id: 'call_k1v3dq0s',
            type: 'function',
            function: { name: 'get_current_weather', arguments: '{"location":"Toronto","format":"celsius"}' },
          },
        ],
      },
      logprobs: null,
      finish_reason: 'tool_calls',
    });
  });

  it('generates a tool call id when Ollama sends none', () => {
    const body = {
      model: 'llama3.1:8b',
      created_at: '2025-05-28T11:07:44.31Z',
      message: { role: 'assistant', content: '', tool_calls: [{ function: { name: 'f', arguments: { a: 1 } } }] },
      done: true,
      done_reason: 'stop',
    };
    const { response } = translateChatResponse(body, context);
    expect(response.choices[0]?.message.tool_calls?.[0]?.id).toMatch(/^call_[0-9a-f]{24}$/);
  });

  it('carries Ollama’s logprobs as the choice’s logprobs', () => {
    // A reply shaped as Ollama's api.ChatResponse with `logprobs: true` (api/types.go, 0.12.11 and later).
    const body = {
      model: 'm',
      created_at: '2025-06-12T14:03:27Z',
      message: { role: 'assistant', content: 'Yes' },
      done: true,
      done_reason: 'stop',
      logprobs: [{ token: 'Yes', logprob: -0.02, bytes: [89, 101, 115], top_logprobs: [{ token: 'No', logprob: -4.1, bytes: [78, 111] }] }],
    };
    expect(translateChatResponse(body, context).response.choices[0]?.logprobs).toEqual({
      content: [{ token: 'Yes', logprob: -0.02, bytes: [89, 101, 115], top_logprobs: [{ token: 'No', logprob: -4.1, bytes: [78, 111] }] }],
    });
  });

  describe('the tool_choice miss', () => {
    const tools = [{ type: 'function' as const, function: { name: 'get_current_weather' } }];
    const request = (toolChoice: 'auto' | 'required' | undefined) => ({ tools, tool_choice: toolChoice });

    it.each([
      ['an answer in text when a call was required', 'chat-response.json', request('required'), true],
      ['a call when a call was required', 'chat-response-tool-calls.json', request('required'), false],
      ['an answer in text when the model could choose', 'chat-response.json', request('auto'), false],
      ['an answer without the request at hand', 'chat-response.json', undefined, false],
    ])('is %s for %s', (_name, fixture, given, missed) => {
      expect(translateChatResponse(readJsonFixture(fixture), context, given).notes).toEqual({ toolChoiceMissed: missed });
    });

    it('leaves an answer in text as the model gave it, with no call made up', () => {
      const { response } = translateChatResponse(readJsonFixture('chat-response.json'), context, request('required'));
      expect(response.choices[0]).toMatchObject({ message: { role: 'assistant', content: 'The capital of France is Paris.' }, finish_reason: 'stop' });
      expect(response.choices[0]?.message).not.toHaveProperty('tool_calls');
    });
  });

  it('counts missing token counts as zero', () => {
    const body = { model: 'm', created_at: '2025-01-01T00:00:00Z', message: { role: 'assistant', content: 'hi' }, done: true };
    expect(translateChatResponse(body, context).usage).toEqual({ prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 });
  });

  it('falls back to the request time when created_at is Ollama’s zero time', () => {
    const body = { model: 'm', created_at: '0001-01-01T00:00:00Z', message: { role: 'assistant', content: '' }, done: true };
    expect(translateChatResponse(body, context).response.created).toBe(context.now);
  });

  it('answers an empty completion for a load reply', () => {
    const body = { model: 'm', created_at: '2024-09-12T21:17:29.110811Z', response: '', done: true, done_reason: 'load' };
    const { response } = translateChatResponse(body, context);
    expect(response.choices[0]).toMatchObject({ message: { content: '' }, finish_reason: 'stop' });
  });

  it('turns an error body into an upstream error with Ollama’s message', () => {
    expect(() => translateChatResponse({ error: 'model requires more system memory (5.5 GiB)' }, context)).toThrow(
      expect.objectContaining({ status: 502, message: expect.stringContaining('more system memory') }),
    );
  });

  it.each([
    ['a string', 'hello'],
    ['an unfinished reply', { model: 'm', message: { role: 'assistant', content: 'x' }, done: false }],
    ['a reply without done', { model: 'm', response: 'x' }],
    ['tool calls without names', { message: { tool_calls: [{ function: {} }] }, done: true }],
  ])('rejects %s as a bad upstream response', (_name, body) => {
    expect(() => translateChatResponse(body, context)).toThrow(expect.objectContaining({ status: 502, upstreamReason: 'bad_response' }));
  });
});
