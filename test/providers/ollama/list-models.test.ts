import { describe, expect, it } from 'vitest';
import { listModels, readNamespace } from '../../../providers/ollama/list-models.js';
import { readJsonFixture } from './replay-fixture.js';

describe('listModels', () => {
  it('reads /api/tags into upstream models with Ollama’s details', () => {
    const [first] = listModels(readJsonFixture('tags.json'));
    expect(first).toEqual({
      id: 'llama3.2:3b',
      created: 1746405464,
      owned_by: 'library',
      details: {
        format: 'gguf',
        family: 'llama',
        families: ['llama'],
        parameter_size: '3.2B',
        quantization_level: 'Q4_K_M',
        size: 2019393189,
        digest: 'a80c4f17acd55265feec403c7aef86be0c25983ab279d83f3bcd3abbcb5b8b72',
      },
    });
  });

  it('lists every model', () => {
    expect(listModels(readJsonFixture('tags.json')).map((model) => model.id)).toEqual([
      'llama3.2:3b',
      'hf.co/bartowski/Qwen2.5-7B-Instruct-GGUF:Q4_K_M',
      'all-minilm:latest',
    ]);
  });

  it('reads an empty server as no models', () => {
    expect(listModels({ models: [] })).toEqual([]);
    expect(listModels({ models: null })).toEqual([]);
  });

  it.each([
    ['an HTML page', '<html></html>'],
    ['a list without names', { models: [{ size: 1 }] }],
    ['an OpenAI model list', { object: 'list', data: [] }],
  ])('rejects %s as a bad upstream response', (_name, body) => {
    expect(() => listModels(body)).toThrow(expect.objectContaining({ status: 502, upstreamReason: 'bad_response' }));
  });
});

describe('readNamespace', () => {
  it.each([
    ['llama3.2', 'library'],
    ['llama3.2:3b', 'library'],
    ['alice/mistral-tuned:latest', 'alice'],
    ['hf.co/bartowski/Qwen2.5-7B-Instruct-GGUF:Q4_K_M', 'bartowski'],
  ])('reads the namespace of %s as %s', (name, expected) => {
    expect(readNamespace(name)).toBe(expected);
  });
});
