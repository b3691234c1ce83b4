import { describe, expect, it } from 'vitest';
import { translateEmbeddingsRequest, translateEmbeddingsResponse } from '../../../providers/ollama/translate-embeddings.js';
import { context, readJsonFixture } from './replay-fixture.js';

describe('translateEmbeddingsRequest', () => {
  it.each([
    ['a string', 'hello'],
    ['a list', ['hello', 'world']],
  ])('sends %s input to /api/embed', (_name, input) => {
    expect(translateEmbeddingsRequest({ model: 'embed', input, encoding_format: 'base64' }, context)).toEqual({
      method: 'POST',
      path: '/api/embed',
      body: { model: 'llama3.2:3b', input },
    });
  });

  it('passes truncate, options, keep_alive and dimensions on', () => {
    const call = translateEmbeddingsRequest(
      { model: 'embed', input: 'x', truncate: false, options: { num_ctx: 512 }, keep_alive: '1h', dimensions: 256 },
      context,
    );
    expect(call.body).toEqual({ model: 'llama3.2:3b', input: 'x', truncate: false, options: { num_ctx: 512 }, keep_alive: '1h', dimensions: 256 });
  });

});

describe('translateEmbeddingsResponse', () => {
  it('returns the float vectors as an OpenAI list, with the prompt token count', () => {
    const { response, usage } = translateEmbeddingsResponse(readJsonFixture('embed-response.json'), { model: 'embed', input: ['a', 'b'] }, context);
    expect(response.data).toHaveLength(2);
    expect(response.data[0]).toMatchObject({ object: 'embedding', index: 0 });
    expect((response.data[0]?.embedding as number[])[0]).toBe(0.010071029);
    expect(response.model).toBe(context.publicModel);
    expect(response.usage).toEqual({ prompt_tokens: 8, total_tokens: 8 });
    expect(usage.prompt_tokens).toBe(8);
  });

  it('encodes the vectors as base64 float32 when asked', () => {
    const { response } = translateEmbeddingsResponse({ embeddings: [[1, -2]], prompt_eval_count: 1 }, { model: 'embed', input: 'a', encoding_format: 'base64' }, context);
    const bytes = Buffer.from(response.data[0]?.embedding as string, 'base64');
    expect([bytes.readFloatLE(0), bytes.readFloatLE(4)]).toEqual([1, -2]);
  });

  it.each([
    ['an error body', { error: 'this model does not support embeddings' }],
    ['vectors of strings', { embeddings: [['0.1']] }],
    ['no embeddings', { model: 'x' }],
  ])('rejects %s as a bad upstream response', (_name, body) => {
    expect(() => translateEmbeddingsResponse(body, { model: 'embed', input: 'x' }, context)).toThrow(expect.objectContaining({ status: 502 }));
  });
});
