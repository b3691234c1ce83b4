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

  it('refuses an empty input list', () => {
    expect(() => translateEmbeddingsRequest({ model: 'embed', input: [] }, context)).toThrow(expect.objectContaining({ status: 400, param: 'input' }));
  });
});

describe('translateEmbeddingsResponse', () => {
  it('returns the float vectors and the prompt token count', () => {
    const { embeddings, promptTokens } = translateEmbeddingsResponse(readJsonFixture('embed-response.json'), context);
    expect(embeddings).toHaveLength(2);
    expect(embeddings[0]?.[0]).toBe(0.010071029);
    expect(promptTokens).toBe(8);
  });

  it.each([
    ['an error body', { error: 'this model does not support embeddings' }],
    ['vectors of strings', { embeddings: [['0.1']] }],
    ['no embeddings', { model: 'x' }],
  ])('rejects %s as a bad upstream response', (_name, body) => {
    expect(() => translateEmbeddingsResponse(body, context)).toThrow(expect.objectContaining({ status: 502 }));
  });
});
