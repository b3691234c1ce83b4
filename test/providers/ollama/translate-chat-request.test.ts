import { describe, expect, it } from 'vitest';
import { translateChatRequest } from '../../../providers/ollama/translate-chat-request.js';
import { context } from './replay-fixture.js';

const weatherTool = {
  type: 'function',
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

  it('refuses n greater than 1', () => {
    expect(() => translateChatRequest({ model: 'chat', messages: [{ role: 'user', content: 'Hi' }], n: 2 }, context, 'chat')).toThrow(
      expect.objectContaining({ status: 400, code: 'invalid_value', param: 'n' }),
    );
  });

  it('refuses a body that is not a chat request, naming the field', () => {
    expect(() => translateChatRequest({ model: 'chat', messages: [{ role: 'wizard', content: 'Hi' }] }, context, 'chat')).toThrow(
      expect.objectContaining({ status: 400, param: 'messages[0].role' }),
    );
  });
});
