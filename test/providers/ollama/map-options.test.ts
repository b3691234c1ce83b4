import { describe, expect, it } from 'vitest';
import { mapOptions, type SamplingFields } from '../../../providers/ollama/map-options.js';

describe('mapOptions', () => {
  it.each<[string, SamplingFields, Record<string, unknown> | undefined]>([
    ['nothing set', {}, undefined],
    ['max_tokens', { max_tokens: 64 }, { num_predict: 64 }],
    ['max_completion_tokens', { max_completion_tokens: 32 }, { num_predict: 32 }],
    ['max_completion_tokens over max_tokens', { max_tokens: 64, max_completion_tokens: 32 }, { num_predict: 32 }],
    ['temperature', { temperature: 0.2 }, { temperature: 0.2 }],
    ['temperature 0', { temperature: 0 }, { temperature: 0 }],
    ['top_p', { top_p: 0.9 }, { top_p: 0.9 }],
    ['seed', { seed: 42 }, { seed: 42 }],
    ['frequency_penalty', { frequency_penalty: 0.5 }, { frequency_penalty: 0.5 }],
    ['presence_penalty', { presence_penalty: -0.5 }, { presence_penalty: -0.5 }],
    ['one stop string', { stop: '\n\n' }, { stop: ['\n\n'] }],
    ['a stop list', { stop: ['User:', 'END'] }, { stop: ['User:', 'END'] }],
    ['an empty stop list', { stop: [] }, undefined],
    ['null fields', { max_tokens: null, temperature: null, stop: null, seed: null }, undefined],
    ['Ollama options alone', { options: { num_ctx: 8192, top_k: 20 } }, { num_ctx: 8192, top_k: 20 }],
    [
      'OpenAI fields over the same keys in options',
      { temperature: 0.1, max_tokens: 10, options: { temperature: 0.9, num_predict: 500, num_ctx: 4096 } },
      { temperature: 0.1, num_predict: 10, num_ctx: 4096 },
    ],
  ])('maps %s', (_name, request, expected) => {
    expect(mapOptions(request)).toEqual(expected);
  });
});
