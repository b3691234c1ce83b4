import { describe, expect, it } from 'vitest';
import { embeddingsRequestSchema, type EmbeddingsResponse } from '../../../core/openai-types.js';
import { ollamaEmbedRequestSchema } from '../../../fronts/ollama/ollama-requests.js';
import { answerEmptyEmbed, isEmptyEmbed, translateEmbedRequest, translateEmbedResponse } from '../../../fronts/ollama/translate-embed.js';

const parse = (body: Record<string, unknown>) => ollamaEmbedRequestSchema.parse({ model: 'nomic-embed-text', ...body });

function embeddings(data: EmbeddingsResponse['data'], promptTokens = 8): EmbeddingsResponse {
  return { object: 'list', data, model: 'upstream', usage: { prompt_tokens: promptTokens, total_tokens: promptTokens } };
}

describe('translateEmbedRequest', () => {
  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    ['one string', { input: 'hello' }, { model: 'nomic-embed-text', input: 'hello', encoding_format: 'float' }],
    ['a list', { input: ['a', 'b'] }, { model: 'nomic-embed-text', input: ['a', 'b'], encoding_format: 'float' }],
    ['dimensions', { input: 'a', dimensions: 256 }, { model: 'nomic-embed-text', input: 'a', encoding_format: 'float', dimensions: 256 }],
    [
      'Ollama’s knobs as extra fields',
      { input: 'a', truncate: false, options: { num_ctx: 2048 }, keep_alive: '10m' },
      { model: 'nomic-embed-text', input: 'a', encoding_format: 'float', truncate: false, options: { num_ctx: 2048 }, keep_alive: '10m' },
    ],
    ['null knobs as nothing', { input: 'a', truncate: null, dimensions: null }, { model: 'nomic-embed-text', input: 'a', encoding_format: 'float' }],
  ])('translates %s', (_name, body, expected) => {
    const translated = translateEmbedRequest(parse(body));
    expect(translated).toEqual(expected);
    expect(embeddingsRequestSchema.safeParse(translated).success).toBe(true);
  });
});

describe('translateEmbedResponse', () => {
  it('answers the vectors in input order with the prompt’s token count', () => {
    const answer = embeddings([
      { object: 'embedding', index: 1, embedding: [0.3, 0.4] },
      { object: 'embedding', index: 0, embedding: [0.1, 0.2] },
    ]);
    expect(translateEmbedResponse(answer, parse({ input: ['a', 'b'] }))).toEqual({
      model: 'nomic-embed-text',
      embeddings: [
        [0.1, 0.2],
        [0.3, 0.4],
      ],
      total_duration: 0,
      load_duration: 0,
      prompt_eval_count: 8,
    });
  });

  it('decodes a base64 vector into floats', () => {
    const bytes = Buffer.alloc(8);
    bytes.writeFloatLE(0.5, 0);
    bytes.writeFloatLE(-2, 4);
    const answer = embeddings([{ object: 'embedding', index: 0, embedding: bytes.toString('base64') }]);
    expect(translateEmbedResponse(answer, parse({ input: 'a' })).embeddings).toEqual([[0.5, -2]]);
  });
});

describe('isEmptyEmbed', () => {
  it.each([
    ['', true],
    [[], true],
    ['a', false],
    [[''], false],
  ])('reads input %j as %s', (input, expected) => {
    expect(isEmptyEmbed(parse({ input }))).toBe(expected);
  });

  it('answers an empty input with no vectors, as Ollama does', () => {
    expect(answerEmptyEmbed(parse({ input: [] }))).toEqual({ model: 'nomic-embed-text', embeddings: [], total_duration: 0, load_duration: 0, prompt_eval_count: 0 });
  });
});
