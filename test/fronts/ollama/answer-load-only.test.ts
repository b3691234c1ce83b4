import { describe, expect, it } from 'vitest';
import { answerGenerateLoadOnly, isChatLoadOnly, isGenerateLoadOnly, isUnload } from '../../../fronts/ollama/answer-load-only.js';
import { ollamaChatRequestSchema, ollamaGenerateRequestSchema } from '../../../fronts/ollama/ollama-requests.js';
import { context, nowText } from './front-support.js';

describe('isChatLoadOnly', () => {
  it.each([
    [{ model: 'm' }, true],
    [{ model: 'm', messages: null }, true],
    [{ model: 'm', messages: [] }, true],
    [{ model: 'm', messages: [{ role: 'user', content: '' }] }, false],
  ])('reads %j as %s', (body, expected) => {
    expect(isChatLoadOnly(ollamaChatRequestSchema.parse(body))).toBe(expected);
  });
});

describe('isGenerateLoadOnly', () => {
  it.each([
    [{ model: 'm' }, true],
    [{ model: 'm', prompt: '' }, true],
    // Ollama looks at the prompt alone: a system prompt or images still only load.
    [{ model: 'm', prompt: '', system: 'be brief' }, true],
    [{ model: 'm', prompt: 'hi' }, false],
  ])('reads %j as %s', (body, expected) => {
    expect(isGenerateLoadOnly(ollamaGenerateRequestSchema.parse(body))).toBe(expected);
  });
});

describe('isUnload', () => {
  it.each<[string | number | null | undefined, boolean]>([
    [0, true],
    [0.0000000001, true],
    ['0', true],
    ['0s', true],
    ['0m0s', true],
    ['0.0h', true],
    [undefined, false],
    [null, false],
    [300, false],
    [-1, false],
    ['-1', false],
    ['5m', false],
    ['0m5s', false],
    ['', false],
  ])('reads keep_alive %j as %s', (keepAlive, expected) => {
    expect(isUnload(keepAlive)).toBe(expected);
  });
});

describe('answerGenerateLoadOnly', () => {
  it('answers unload when keep_alive is zero', () => {
    expect(answerGenerateLoadOnly(ollamaGenerateRequestSchema.parse({ model: 'm', keep_alive: 0 }), context)).toEqual({
      model: context.publicModel,
      created_at: nowText,
      response: '',
      done: true,
      done_reason: 'unload',
    });
  });
});
