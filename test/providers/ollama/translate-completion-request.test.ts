import { describe, expect, it } from 'vitest';
import { translateCompletionRequest } from '../../../providers/ollama/translate-completion-request.js';
import { context } from './replay-fixture.js';

describe('translateCompletionRequest', () => {
  it('sends the prompt and suffix to /api/generate with an explicit stream flag', () => {
    expect(translateCompletionRequest({ model: 'code', prompt: 'def add(a, b):', suffix: '    return result' }, context)).toEqual({
      method: 'POST',
      path: '/api/generate',
      body: { model: 'llama3.2:3b', prompt: 'def add(a, b):', suffix: '    return result', stream: false },
    });
  });

  it('takes the single prompt of a one-element list', () => {
    const call = translateCompletionRequest({ model: 'code', prompt: ['Once upon a time'], stream: true }, context);
    expect(call.body).toMatchObject({ prompt: 'Once upon a time', stream: true });
  });

  it('maps sampling fields to options and passes raw and keep_alive on', () => {
    const call = translateCompletionRequest(
      { model: 'code', prompt: 'x', max_tokens: 16, stop: ['\n'], seed: 7, raw: true, keep_alive: 0, options: { num_ctx: 2048 } },
      context,
    );
    expect(call.body).toEqual({
      model: 'llama3.2:3b',
      prompt: 'x',
      raw: true,
      stream: false,
      options: { num_ctx: 2048, num_predict: 16, seed: 7, stop: ['\n'] },
      keep_alive: 0,
    });
  });

  it.each([
    ['n greater than 1', { n: 3 }, 'n'],
    ['echo', { echo: true }, 'echo'],
  ])('refuses %s naming the field', (_name, fields, param) => {
    expect(() => translateCompletionRequest({ model: 'code', prompt: 'x', ...fields }, context)).toThrow(
      expect.objectContaining({ status: 400, param }),
    );
  });
});
