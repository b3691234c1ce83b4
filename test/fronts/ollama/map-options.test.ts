import { describe, expect, it } from 'vitest';
import { mapOptions } from '../../../fronts/ollama/map-options.js';
import type { OllamaOptions } from '../../../fronts/ollama/ollama-requests.js';

describe('mapOptions', () => {
  it.each<[string, OllamaOptions | null | undefined, Record<string, unknown>]>([
    ['no options as nothing', undefined, {}],
    ['null options as nothing', null, {}],
    ['num_predict as max_tokens', { num_predict: 128 }, { max_tokens: 128 }],
    ['num_predict -1 (no limit) as an Ollama option only', { num_predict: -1 }, { options: { num_predict: -1 } }],
    ['num_predict -2 (fill the context) as an Ollama option only', { num_predict: -2 }, { options: { num_predict: -2 } }],
    [
      'the fields OpenAI names alike as those fields',
      { temperature: 0.2, top_p: 0.9, seed: 42, frequency_penalty: 0.5, presence_penalty: -0.5 },
      { temperature: 0.2, top_p: 0.9, seed: 42, frequency_penalty: 0.5, presence_penalty: -0.5 },
    ],
    ['stop as a list', { stop: ['\n', 'user:'] }, { stop: ['\n', 'user:'] }],
    ['one stop string as a list of one', { stop: 'END' }, { stop: ['END'] }],
    ['an empty stop list as nothing', { stop: [] }, {}],
    [
      'sampling knobs at the top level and in options',
      { top_k: 40, min_p: 0.05, repeat_penalty: 1.1 },
      { top_k: 40, min_p: 0.05, repeat_penalty: 1.1, options: { top_k: 40, min_p: 0.05, repeat_penalty: 1.1 } },
    ],
    ['load-time knobs in options only', { num_ctx: 8192, num_gpu: 1 }, { options: { num_ctx: 8192, num_gpu: 1 } }],
    ['null values as nothing', { temperature: null, num_ctx: null } as unknown as OllamaOptions, {}],
  ])('maps %s', (_name, options, expected) => {
    expect(mapOptions(options)).toEqual(expected);
  });

  it('keeps a knob named like a request field inside options', () => {
    expect(mapOptions({ stream: true, model: 'other' } as OllamaOptions)).toEqual({ options: { stream: true, model: 'other' } });
  });
});
