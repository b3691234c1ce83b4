import { describe, expect, it } from 'vitest';
import { createStreamTranslator, readIncludeUsage } from '../../../providers/ollama/create-stream-translator.js';
import { context } from './replay-fixture.js';

function createEchoTranslator() {
  return createStreamTranslator<string>(
    {
      translateLine: (reply, created) => [`${created}:${reply.response ?? ''}`],
      finish: (_reply, _created, usage) => [`total:${usage.total_tokens}`],
    },
    context,
  );
}

describe('createStreamTranslator', () => {
  it('uses the first line’s created_at for every line', () => {
    const translator = createEchoTranslator();
    expect(translator.push({ created_at: '2025-06-12T14:03:27.106958329Z', response: 'a', done: false })).toEqual(['1749737007:a']);
    expect(translator.push({ created_at: '2025-06-12T14:03:29.5Z', response: 'b', done: false })).toEqual(['1749737007:b']);
  });

  it('closes after the done line and keeps its counts', () => {
    const translator = createEchoTranslator();
    expect(translator.push({ response: '', done: true, prompt_eval_count: 3, eval_count: 4 })).toEqual([`${context.now}:`, 'total:7']);
    expect(translator.usage).toEqual({ prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 });
    expect(translator.end()).toEqual([]);
  });

  it('throws on end when no done line came', () => {
    const translator = createEchoTranslator();
    translator.push({ response: 'a', done: false });
    expect(() => translator.end()).toThrow(expect.objectContaining({ status: 502, upstreamReason: 'disconnected' }));
  });

  it('throws on end of an empty body', () => {
    expect(() => createEchoTranslator().end()).toThrow(expect.objectContaining({ upstreamReason: 'disconnected' }));
  });
});

describe('readIncludeUsage', () => {
  it.each([
    [{ stream_options: { include_usage: true } }, true],
    [{ stream_options: { include_usage: false } }, false],
    [{ stream_options: null }, false],
    [{}, false],
    ['garbage', false],
  ])('reads %j as %s', (body, expected) => {
    expect(readIncludeUsage(body)).toBe(expected);
  });
});
