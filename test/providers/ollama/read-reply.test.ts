import { describe, expect, it } from 'vitest';
import type { OllamaReply } from '../../../providers/ollama/ollama-types.js';
import {
  readReply,
  readReplyCreated,
  readReplyText,
  readReplyThinking,
  readReplyToolCalls,
  readReplyUsage,
} from '../../../providers/ollama/read-reply.js';

const now = 1_700_000_000;

describe('readReply', () => {
  it('turns an error line into an upstream error with Ollama’s message', () => {
    expect(() => readReply({ error: 'unexpected EOF' })).toThrow(
      expect.objectContaining({ status: 502, upstreamReason: 'bad_response', message: 'Ollama reported an error: unexpected EOF' }),
    );
  });

  it('keeps fields it does not know', () => {
    expect(readReply({ done: false, response: 'x', context: [1, 2] })).toMatchObject({ context: [1, 2] });
  });
});

describe('reading a reply', () => {
  const chat: OllamaReply = { done: false, message: { role: 'assistant', content: 'hi', thinking: 'hmm', tool_calls: [{ function: { name: 'f' } }] } };
  const generate: OllamaReply = { done: false, response: 'hi', thinking: 'hmm' };

  it.each([
    ['a chat reply', chat],
    ['a generate reply', generate],
  ])('reads the text and thinking of %s', (_name, reply) => {
    expect(readReplyText(reply)).toBe('hi');
    expect(readReplyThinking(reply)).toBe('hmm');
  });

  it('reads tool calls, and none when there are none', () => {
    expect(readReplyToolCalls(chat)).toHaveLength(1);
    expect(readReplyToolCalls(generate)).toEqual([]);
  });

  it('adds the counts up to the total', () => {
    expect(readReplyUsage({ done: true, prompt_eval_count: 26, eval_count: 259 })).toEqual({
      prompt_tokens: 26,
      completion_tokens: 259,
      total_tokens: 285,
    });
  });

  it.each([
    ['2023-08-04T08:52:19.385406455-07:00', 1691164339],
    ['2025-06-12T14:03:27.106958329Z', 1749737007],
    ['0001-01-01T00:00:00Z', now],
    ['yesterday', now],
    [undefined, now],
  ])('reads created_at %s as %s', (createdAt, expected) => {
    expect(readReplyCreated({ done: true, ...(createdAt === undefined ? {} : { created_at: createdAt }) }, now)).toBe(expected);
  });
});
