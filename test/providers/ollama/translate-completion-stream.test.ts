import { describe, expect, it } from 'vitest';
import type { Completion } from '../../../core/openai-types.js';
import { translateCompletionStream } from '../../../providers/ollama/translate-completion-stream.js';
import { context, cuttings, replayFixture } from './replay-fixture.js';

const completionContext = { ...context, responseId: 'cmpl-test0001' };
const plainBody = { model: 'chat', prompt: 'Why is the sky blue?', stream: true };
const usageBody = { ...plainBody, stream_options: { include_usage: true } };

async function replay(fixture: string, body: unknown = plainBody, cutting: (typeof cuttings)[number] = 'whole') {
  return replayFixture(fixture, translateCompletionStream(body, completionContext), cutting);
}

function joinText(chunks: Completion[]): string {
  return chunks.map((chunk) => chunk.choices[0]?.text ?? '').join('');
}

describe('translateCompletionStream', () => {
  it.each(cuttings)('produces the same chunks when the body arrives %s', async (cutting) => {
    const whole = await replay('generate-stream.ndjson', usageBody);
    const cut = await replay('generate-stream.ndjson', usageBody, cutting);
    expect(cut.chunks).toEqual(whole.chunks);
  });

  it('streams the text as text_completion chunks sharing one id and created', async () => {
    const { chunks, error } = await replay('generate-stream.ndjson');
    expect(error).toBeUndefined();
    expect(joinText(chunks)).toBe('The sky is blue because of Rayleigh scattering.');
    expect(chunks.every((chunk) => chunk.object === 'text_completion' && chunk.id === 'cmpl-test0001')).toBe(true);
    expect(new Set(chunks.map((chunk) => chunk.created)).size).toBe(1);
  });

  it('ends with an empty text carrying finish_reason', async () => {
    const { chunks } = await replay('generate-stream-length.ndjson');
    expect(chunks.at(-1)?.choices).toEqual([{ index: 0, text: '', logprobs: null, finish_reason: 'length' }]);
  });

  it('leaves thinking out of the text', async () => {
    const { chunks } = await replay('generate-stream-thinking.ndjson');
    expect(joinText(chunks)).toBe('4 (<b>four</b>)');
  });

  it('adds a usage chunk with no choices last when include_usage is set', async () => {
    const { chunks } = await replay('generate-stream.ndjson', usageBody);
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: 30, completion_tokens: 10, total_tokens: 40 } });
    expect(chunks.slice(0, -1).every((chunk) => chunk.usage === null)).toBe(true);
  });

  it('throws an upstream error on an error line', async () => {
    const { error } = await replay('generate-stream-error.ndjson');
    expect(error).toMatchObject({ status: 502, message: expect.stringContaining('unexpected EOF') });
  });

  it('throws when the body ends before the done line', async () => {
    const { error } = await replay('generate-stream-truncated.ndjson');
    expect(error).toMatchObject({ status: 502, upstreamReason: 'disconnected' });
  });
});
