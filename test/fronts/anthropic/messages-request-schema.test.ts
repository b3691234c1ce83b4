import { describe, expect, it } from 'vitest';
import { messagesRequestSchema } from '../../../fronts/anthropic/messages-request-schema.js';
import { validateRequest } from '../../../src/edge/validate-request.js';

const base = { model: 'claude-local', max_tokens: 256, messages: [{ role: 'user', content: 'Hi' }] };

function firstIssuePath(body: unknown): PropertyKey[] | undefined {
  const result = messagesRequestSchema.safeParse(body);
  return result.success ? undefined : result.error.issues[0]?.path;
}

describe('messagesRequestSchema', () => {
  it('accepts a request using every translated field', () => {
    const body = {
      ...base,
      system: [{ type: 'text', text: 'Be brief.', cache_control: { type: 'ephemeral' } }],
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is this?' },
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
            { type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' } },
          ],
        },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'Hmm.', signature: 'sig' },
            { type: 'redacted_thinking', data: 'opaque' },
            { type: 'text', text: 'Let me look.' },
            { type: 'tool_use', id: 'toolu_1', name: 'lookup', input: { q: 'cat' } },
          ],
        },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'text', text: 'a cat' }], is_error: false }] },
      ],
      tools: [{ name: 'lookup', description: 'Looks things up', input_schema: { type: 'object' } }],
      tool_choice: { type: 'auto', disable_parallel_tool_use: true },
      stop_sequences: ['END'],
      temperature: 0.5,
      top_p: 0.9,
      top_k: 40,
      stream: true,
      metadata: { user_id: 'user-1' },
      thinking: { type: 'enabled', budget_tokens: 2048 },
    };
    expect(messagesRequestSchema.safeParse(body).success).toBe(true);
  });

  it('keeps fields it does not know', () => {
    const parsed = messagesRequestSchema.parse({ ...base, service_tier: 'auto' });
    expect(parsed).toMatchObject({ service_tier: 'auto' });
  });

  it('refuses a request without max_tokens with a 400 naming max_tokens', () => {
    const { max_tokens: _omitted, ...body } = base;
    expect(firstIssuePath(body)).toEqual(['max_tokens']);
    expect(() => validateRequest(messagesRequestSchema, body)).toThrow(
      expect.objectContaining({ status: 400, param: 'max_tokens', code: 'missing_field', message: expect.stringContaining('max_tokens') }),
    );
  });

  it.each([
    ['max_tokens of 0', { ...base, max_tokens: 0 }, ['max_tokens']],
    ['a fractional max_tokens', { ...base, max_tokens: 1.5 }, ['max_tokens']],
    ['no messages', { ...base, messages: [] }, ['messages']],
    ['a system role in messages', { ...base, messages: [{ role: 'system', content: 'x' }] }, ['messages', 0, 'role']],
    ['a temperature above 1', { ...base, temperature: 1.5 }, ['temperature']],
    ['a negative top_k', { ...base, top_k: -1 }, ['top_k']],
    ['a document block', { ...base, messages: [{ role: 'user', content: [{ type: 'document', source: {} }] }] }, ['messages', 0, 'content']],
    ['tool_use in a user message', { ...base, messages: [{ role: 'user', content: [{ type: 'tool_use', id: 'a', name: 'b', input: {} }] }] }, ['messages', 0, 'content']],
    [
      'an unsupported image type',
      { ...base, messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/bmp', data: 'AA==' } }] }] },
      ['messages', 0, 'content'],
    ],
    ['a server tool', { ...base, tools: [{ type: 'web_search_20250305', name: 'web_search' }] }, ['tools', 0, 'type']],
    ['a tool without input_schema', { ...base, tools: [{ name: 'lookup' }] }, ['tools', 0, 'input_schema']],
    ['tool_choice tool without a name', { ...base, tool_choice: { type: 'tool' } }, ['tool_choice', 'name']],
    ['an unknown tool_choice', { ...base, tool_choice: { type: 'sometimes' } }, ['tool_choice', 'type']],
    ['a thinking budget under 1024', { ...base, thinking: { type: 'enabled', budget_tokens: 500 } }, ['thinking', 'budget_tokens']],
    ['an unknown effort', { ...base, output_config: { effort: 'extreme' } }, ['output_config', 'effort']],
  ])('refuses %s', (_name, body, path) => {
    expect(firstIssuePath(body)).toEqual(path);
  });
});
