import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ollamaReplySchema, type OllamaReply } from '../../../providers/ollama/ollama-types.js';
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

describe('readReply on stream lines', () => {
  // Plain text lines skip the schemas; the answer must be what the schemas would give.
  const text = fc.oneof(fc.string(), fc.constant(null), fc.constant(undefined), fc.integer());
  const line = fc.record(
    {
      model: text,
      created_at: text,
      message: fc.oneof(fc.record({ role: fc.oneof(fc.constant('assistant'), fc.integer()), content: text, thinking: text }, { requiredKeys: [] }), fc.constant(null), fc.integer()),
      response: text,
      thinking: text,
      done: fc.oneof(fc.constant(false), fc.constant(true), fc.string()),
      done_reason: text,
    },
    { requiredKeys: ['done'] },
  );

  it('answers every line as the reply schema does', () => {
    fc.assert(
      fc.property(line, (frame) => {
        const parsed = ollamaReplySchema.safeParse(frame);
        let read: unknown;
        try {
          read = readReply(frame);
        } catch {
          return !parsed.success;
        }
        return parsed.success && JSON.stringify(read) === JSON.stringify(parsed.data);
      }),
      { numRuns: 2000 },
    );
  });
});
