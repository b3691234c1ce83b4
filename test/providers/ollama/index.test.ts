import { describe, expect, it } from 'vitest';
import { ollamaConnectionSchema } from '../../../config/schema.js';
import { createOllamaAdapter } from '../../../providers/ollama/index.js';
import { context } from './replay-fixture.js';

function createAdapter(ollamaApi?: 'generate' | 'chat') {
  return createOllamaAdapter(
    ollamaConnectionSchema.parse({ name: 'local', mode: 'ollama', base_url: 'http://127.0.0.1:11434', ...(ollamaApi ? { ollama_api: ollamaApi } : {}) }),
  );
}

describe('createOllamaAdapter', () => {
  it('declares a translating adapter framed as NDJSON', () => {
    const adapter = createAdapter();
    expect(adapter).toMatchObject({ passthrough: false, framing: 'ndjson' });
  });

  it('discovers models with /api/tags and checks health with /api/version', () => {
    const adapter = createAdapter();
    expect(adapter.models.call).toEqual({ method: 'GET', path: '/api/tags' });
    expect(adapter.health).toEqual({ method: 'GET', path: '/api/version' });
  });

  it.each([
    [undefined, '/api/generate'],
    ['generate', '/api/generate'],
    ['chat', '/api/chat'],
  ] as const)('sends chat requests of an ollama_api %s connection to %s', (ollamaApi, path) => {
    const call = createAdapter(ollamaApi).chat.request({ model: 'chat', messages: [{ role: 'user', content: 'Hi' }] }, context);
    expect(call.path).toBe(path);
  });

  it('reports, beside a chat answer, that a required tool call did not come', () => {
    const request = { model: 'chat', messages: [{ role: 'user' as const, content: 'Hi' }], tools: [{ type: 'function' as const, function: { name: 'f' } }], tool_choice: 'required' };
    const reply = { model: 'm', created_at: '2025-01-01T00:00:00Z', message: { role: 'assistant', content: 'Hello' }, done: true };
    const adapter = createAdapter('chat');
    expect(adapter.chat.response(reply, request, context)).toMatchObject({ notes: { toolChoiceMissed: true } });
    const translator = adapter.chat.stream?.(request, context);
    translator?.push(reply);
    expect(translator).toMatchObject({ notes: { toolChoiceMissed: true } });
  });
});
