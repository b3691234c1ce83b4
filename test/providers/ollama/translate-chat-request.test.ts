import { describe, expect, it } from 'vitest';
import { translateChatRequest } from '../../../providers/ollama/translate-chat-request.js';
import { context } from './replay-fixture.js';

const weatherTool = {
  type: 'function' as const,
  function: { name: 'get_current_weather', parameters: { type: 'object', properties: { location: { type: 'string' } } } },
};

describe('translateChatRequest', () => {
  it('sends a generate connection’s conversation to /api/generate as a prompt', () => {
    const call = translateChatRequest(
      {
        model: 'chat',
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'Hi' },
        ],
      },
      context,
      'generate',
    );
    expect(call).toEqual({
      method: 'POST',
      path: '/api/generate',
      body: { model: 'llama3.2:3b', prompt: 'Hi', system: 'Be brief.', stream: false },
    });
  });

  it('sends a chat connection’s conversation to /api/chat as native messages', () => {
    const call = translateChatRequest({ model: 'chat', messages: [{ role: 'user', content: 'Hi' }], stream: true }, context, 'chat');
    expect(call).toEqual({
      method: 'POST',
      path: '/api/chat',
      body: { model: 'llama3.2:3b', messages: [{ role: 'user', content: 'Hi' }], stream: true },
    });
  });

  it('sends a request with tools through /api/chat on a generate connection', () => {
    const call = translateChatRequest({ model: 'chat', messages: [{ role: 'user', content: 'Weather?' }], tools: [weatherTool] }, context, 'generate');
    expect(call.path).toBe('/api/chat');
    expect(call.body).toMatchObject({ tools: [weatherTool] });
  });

  it('does not offer tools when tool_choice is none', () => {
    const call = translateChatRequest(
      { model: 'chat', messages: [{ role: 'user', content: 'Hi' }], tools: [weatherTool], tool_choice: 'none' },
      context,
      'generate',
    );
    expect(call.path).toBe('/api/generate');
    expect(call.body).not.toHaveProperty('tools');
  });

  it('always sends an explicit stream flag', () => {
    const call = translateChatRequest({ model: 'chat', messages: [{ role: 'user', content: 'Hi' }], stream: null }, context, 'chat');
    expect(call.body).toMatchObject({ stream: false });
  });

  it('passes options, format, keep_alive and think on', () => {
    const call = translateChatRequest(
      {
        model: 'chat',
        messages: [{ role: 'user', content: 'Hi' }],
        max_tokens: 100,
        temperature: 0.3,
        stop: 'END',
        response_format: { type: 'json_object' },
        options: { num_ctx: 8192 },
        keep_alive: '30m',
        reasoning_effort: 'low',
      },
      context,
      'chat',
    );
    expect(call.body).toEqual({
      model: 'llama3.2:3b',
      messages: [{ role: 'user', content: 'Hi' }],
      stream: false,
      format: 'json',
      options: { num_ctx: 8192, num_predict: 100, temperature: 0.3, stop: ['END'] },
      keep_alive: '30m',
      think: 'low',
    });
  });

  it('collects images for /api/generate', () => {
    const call = translateChatRequest(
      {
        model: 'chat',
        messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } }, { type: 'text', text: 'What is it?' }] }],
      },
      context,
      'generate',
    );
    expect(call.body).toMatchObject({ prompt: 'What is it?', images: ['AAAA'] });
  });

  describe('tool_choice, which Ollama ignores', () => {
    const timeTool = { type: 'function' as const, function: { name: 'get_time', parameters: { type: 'object', properties: {} } } };
    const ask = (toolChoice: unknown, messages: Array<{ role: 'system' | 'user'; content: string }> = [{ role: 'user', content: 'Weather?' }]) =>
      translateChatRequest({ model: 'chat', messages, tools: [weatherTool, timeTool], tool_choice: toolChoice as never }, context, 'chat').body as {
        tools?: unknown[];
        messages: Array<{ role: string; content: string }>;
      };

    it.each([
      ['auto', 'auto', [weatherTool, timeTool]],
      ['required', 'required', [weatherTool, timeTool]],
      ['a named function', { type: 'function', function: { name: 'get_time' } }, [timeTool]],
    ])('for %s offers only the tools it allows', (_name, toolChoice, tools) => {
      expect(ask(toolChoice).tools).toEqual(tools);
    });

    it.each([
      ['required', 'required', 'You must answer by calling one of the provided tools. Do not answer with text alone.'],
      ['a named function', { type: 'function', function: { name: 'get_time' } }, 'You must answer by calling the tool "get_time". Do not answer with text alone.'],
    ])('for %s adds an instruction to call it to the system prompt', (_name, toolChoice, instruction) => {
      expect(ask(toolChoice, [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Weather?' }]).messages).toEqual([
        { role: 'system', content: `Be brief.\n\n${instruction}` },
        { role: 'user', content: 'Weather?' },
      ]);
    });

    it('for auto leaves the messages alone', () => {
      expect(ask('auto').messages).toEqual([{ role: 'user', content: 'Weather?' }]);
    });

    it('refuses a named function the request does not define', () => {
      expect(() => ask({ type: 'function', function: { name: 'get_stock' } })).toThrow(expect.objectContaining({ status: 400, param: 'tool_choice' }));
    });
  });

  it.each([
    ['logprobs alone', { logprobs: true }, { logprobs: true }],
    ['logprobs with alternatives', { logprobs: true, top_logprobs: 3 }, { logprobs: true, top_logprobs: 3 }],
  ])('sends %s to Ollama under its own names', (_name, fields, expected) => {
    for (const api of ['chat', 'generate'] as const) {
      expect(translateChatRequest({ model: 'chat', messages: [{ role: 'user', content: 'Hi' }], ...fields }, context, api).body).toMatchObject(expected);
    }
  });

  it('sends no top_logprobs without logprobs', () => {
    const call = translateChatRequest({ model: 'chat', messages: [{ role: 'user', content: 'Hi' }], logprobs: false, top_logprobs: 3 }, context, 'chat');
    expect(call.body).not.toHaveProperty('logprobs');
    expect(call.body).not.toHaveProperty('top_logprobs');
  });

  it.each([
    ['think max', { think: 'max' as const }, 'max'],
    ['reasoning_effort xhigh', { reasoning_effort: 'xhigh' as const }, 'max'],
    ['reasoning_effort minimal', { reasoning_effort: 'minimal' as const }, 'low'],
  ])('sends %s as think %s', (_name, fields, think) => {
    const call = translateChatRequest({ model: 'chat', messages: [{ role: 'user', content: 'Hi' }], ...fields }, context, 'chat');
    expect(call.body).toMatchObject({ think });
  });

  it('refuses n greater than 1', () => {
    expect(() => translateChatRequest({ model: 'chat', messages: [{ role: 'user', content: 'Hi' }], n: 2 }, context, 'chat')).toThrow(
      expect.objectContaining({ status: 400, code: 'invalid_value', param: 'n' }),
    );
  });

});
