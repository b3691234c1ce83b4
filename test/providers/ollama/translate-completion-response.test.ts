import { describe, expect, it } from 'vitest';
import { translateCompletionResponse } from '../../../providers/ollama/translate-completion-response.js';
import { context, readJsonFixture } from './replay-fixture.js';

describe('translateCompletionResponse', () => {
  it('translates a whole /api/generate reply into a text_completion', () => {
    const completionContext = { ...context, responseId: 'cmpl-test0001' };
    expect(translateCompletionResponse(readJsonFixture('generate-response.json'), completionContext)).toEqual({
      response: {
        id: 'cmpl-test0001',
        object: 'text_completion',
        created: 1749737635,
        model: 'chat',
        choices: [{ index: 0, text: 'def add(a, b):\n    return a + b', logprobs: null, finish_reason: 'stop' }],
        usage: { prompt_tokens: 24, completion_tokens: 12, total_tokens: 36 },
      },
      usage: { prompt_tokens: 24, completion_tokens: 12, total_tokens: 36 },
    });
  });

  it('reports finish_reason length when num_predict cut the text', () => {
    const body = { model: 'm', created_at: '2025-06-12T14:06:40Z', response: 'Once upon', done: true, done_reason: 'length' };
    expect(translateCompletionResponse(body, context).response.choices[0]?.finish_reason).toBe('length');
  });

  it('rejects an error body as an upstream error', () => {
    expect(() => translateCompletionResponse({ error: 'llama runner process has terminated' }, context)).toThrow(
      expect.objectContaining({ status: 502, message: expect.stringContaining('llama runner process has terminated') }),
    );
  });
});
