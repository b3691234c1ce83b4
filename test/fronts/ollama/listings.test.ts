import { describe, expect, it } from 'vitest';
import type { ModelObject } from '../../../core/openai-types.js';
import { ollamaShowRequestSchema, readShowModel } from '../../../fronts/ollama/ollama-requests.js';
import { toPs } from '../../../fronts/ollama/to-ps.js';
import { toShow } from '../../../fronts/ollama/to-show.js';
import { toTags } from '../../../fronts/ollama/to-tags.js';
import { versionResponse } from '../../../fronts/ollama/version-response.js';

/** As the catalog lists a model of an Ollama connection (details from its `/api/tags`). */
const ollamaModel: ModelObject = {
  id: 'llama3.2:latest',
  object: 'model',
  created: 1_736_937_000,
  owned_by: 'library',
  details: {
    format: 'gguf',
    family: 'llama',
    families: ['llama'],
    parameter_size: '3.2B',
    quantization_level: 'Q4_K_M',
    size: 2_019_393_189,
    digest: 'a80c4f17acd55265feec403c7aef86be0c25983ab279d83f3bcd3abbcb5b8b72',
  },
};

/** As the catalog lists a vLLM model (its `/v1/models` extras, nothing Ollama knows). */
const vllmModel: ModelObject = {
  id: 'Qwen/Qwen2.5-7B-Instruct',
  object: 'model',
  created: 1_760_000_000,
  owned_by: 'vllm',
  details: { root: 'Qwen/Qwen2.5-7B-Instruct', max_model_len: 32768 },
};

const emptyDetails = { parent_model: '', format: '', family: '', families: [], parameter_size: '', quantization_level: '' };

describe('toTags', () => {
  it('lists an Ollama model with Ollama’s details', () => {
    expect(toTags([ollamaModel])).toEqual({
      models: [
        {
          name: 'llama3.2:latest',
          model: 'llama3.2:latest',
          modified_at: '2025-01-15T10:30:00Z',
          size: 2_019_393_189,
          digest: 'a80c4f17acd55265feec403c7aef86be0c25983ab279d83f3bcd3abbcb5b8b72',
          details: { parent_model: '', format: 'gguf', family: 'llama', families: ['llama'], parameter_size: '3.2B', quantization_level: 'Q4_K_M' },
        },
      ],
    });
  });

  it('lists a model without Ollama’s details with Go’s empty values', () => {
    expect(toTags([vllmModel]).models[0]).toEqual({
      name: 'Qwen/Qwen2.5-7B-Instruct',
      model: 'Qwen/Qwen2.5-7B-Instruct',
      modified_at: '2025-10-09T08:53:20Z',
      size: 0,
      digest: '',
      details: emptyDetails,
    });
  });

  it('leaves out a detail of the wrong type and keeps the others', () => {
    const model: ModelObject = { ...ollamaModel, details: { family: 42, format: 'gguf' } };
    expect(toTags([model]).models[0]?.details).toEqual({ ...emptyDetails, format: 'gguf' });
  });

  it('lists nothing for no models', () => {
    expect(toTags([])).toEqual({ models: [] });
  });
});

describe('toPs', () => {
  it('lists a running model with what the caller knows', () => {
    expect(toPs([{ model: ollamaModel, expiresAt: 1_760_000_300, sizeVram: 2_500_000_000, contextLength: 4096 }])).toEqual({
      models: [
        {
          name: 'llama3.2:latest',
          model: 'llama3.2:latest',
          size: 2_019_393_189,
          digest: 'a80c4f17acd55265feec403c7aef86be0c25983ab279d83f3bcd3abbcb5b8b72',
          details: { parent_model: '', format: 'gguf', family: 'llama', families: ['llama'], parameter_size: '3.2B', quantization_level: 'Q4_K_M' },
          expires_at: '2025-10-09T08:58:20Z',
          size_vram: 2_500_000_000,
          context_length: 4096,
        },
      ],
    });
  });

  it('gives unknown facts Ollama’s empty values', () => {
    expect(toPs([{ model: vllmModel }]).models[0]).toMatchObject({ expires_at: '0001-01-01T00:00:00Z', size_vram: 0, context_length: 0 });
  });
});

describe('toShow', () => {
  it('shows empty Modelfile fields, the details and completion', () => {
    expect(toShow(ollamaModel)).toEqual({
      modelfile: '',
      parameters: '',
      template: '',
      details: { parent_model: '', format: 'gguf', family: 'llama', families: ['llama'], parameter_size: '3.2B', quantization_level: 'Q4_K_M' },
      model_info: {},
      capabilities: ['completion'],
      modified_at: '2025-01-15T10:30:00Z',
    });
  });

  it.each([
    [{ tools: true }, ['completion', 'tools']],
    [{ vision: true, thinking: true }, ['completion', 'vision', 'thinking']],
    [{ tools: false }, ['completion']],
  ])('adds the capabilities known as %j', (known, expected) => {
    expect(toShow(vllmModel, known).capabilities).toEqual(expected);
  });

  it('shows the upstream’s own capability list when the details carry one', () => {
    const model: ModelObject = { ...ollamaModel, details: { family: 'nomic-bert', capabilities: ['embedding'] } };
    expect(toShow(model, { tools: true }).capabilities).toEqual(['embedding']);
  });

  it('fills model_info with the architecture and context length when both are known', () => {
    const model: ModelObject = { ...ollamaModel, details: { family: 'qwen2', context_length: 32768 } };
    expect(toShow(model)).toMatchObject({
      details: { family: 'qwen2', context_length: 32768 },
      model_info: { 'general.architecture': 'qwen2', 'qwen2.context_length': 32768 },
    });
  });
});

describe('ollamaShowRequestSchema', () => {
  it.each([
    [{ model: 'llama3.2' }, true],
    [{ name: 'llama3.2' }, true],
    [{}, false],
    [{ model: '' }, false],
    [{ model: '', name: 'llama3.2' }, true],
  ])('reads %j as valid: %s', (body, expected) => {
    expect(ollamaShowRequestSchema.safeParse(body).success).toBe(expected);
  });
});

describe('readShowModel', () => {
  it.each([
    [{ model: 'llama3.2', name: 'other' }, 'llama3.2'],
    [{ name: 'llama3.2' }, 'llama3.2'],
    [{ model: '', name: 'llama3.2' }, 'llama3.2'],
  ])('reads %j as %s', (request, expected) => {
    expect(readShowModel(request)).toBe(expected);
  });
});

describe('versionResponse', () => {
  it('names an Ollama release in Ollama’s shape', () => {
    expect(versionResponse).toEqual({ version: expect.stringMatching(/^\d+\.\d+\.\d+$/) });
  });
});
