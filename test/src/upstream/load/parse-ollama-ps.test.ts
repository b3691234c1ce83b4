/**
 * Bodies shaped as Ollama answers `GET /api/ps` (the ProcessResponse of its api/types.go,
 * as docs.ollama.com/api/ps shows it): name, model, size, digest, details, expires_at,
 * size_vram and, in newer builds, context_length. Names and numbers are made up.
 */
import { describe, expect, it } from 'vitest';
import { parseOllamaPs } from '../../../../src/upstream/load/parse-ollama-ps.js';

const twoLoaded = JSON.stringify({
  models: [
    {
      name: 'llama3.2:1b',
      model: 'llama3.2:1b',
      size: 2_019_393_189,
      digest: 'baf6a787fdffd633537aa2eb51cfd54cb93ff08e28040095462bb63daf552878',
      details: { parent_model: '', format: 'gguf', family: 'llama', families: ['llama'], parameter_size: '1.2B', quantization_level: 'Q8_0' },
      expires_at: '2025-06-02T14:38:31.83753-07:00',
      size_vram: 2_019_393_189,
      context_length: 8192,
    },
    {
      name: 'nomic-embed-text:latest',
      model: 'nomic-embed-text:latest',
      size: 849_703_936,
      digest: '0a109f422b47e3a30ba2b10eca18548e944e8a23073ee3f3e947efcf3c45e59f',
      details: { parent_model: '', format: 'gguf', family: 'nomic-bert', families: ['nomic-bert'], parameter_size: '137M', quantization_level: 'F16' },
      expires_at: '2025-06-02T14:35:02.112069-07:00',
      size_vram: 0,
    },
  ],
});

describe('parseOllamaPs', () => {
  it('reads every loaded model with its unload time and context', () => {
    expect(parseOllamaPs(twoLoaded)).toEqual({
      loadedModels: [
        { model: 'llama3.2:1b', expiresAt: '2025-06-02T14:38:31.83753-07:00', contextLength: 8192 },
        { model: 'nomic-embed-text:latest', expiresAt: '2025-06-02T14:35:02.112069-07:00' },
      ],
    });
  });

  it.each([
    ['an empty list', '{"models":[]}'],
    ['a null list', '{"models":null}'],
  ])('reads %s as nothing loaded', (_, body) => {
    expect(parseOllamaPs(body)).toEqual({ loadedModels: [] });
  });

  it("leaves out Go's zero time, which means no unload time", () => {
    const body = JSON.stringify({ models: [{ name: 'qwen3:0.6b', model: 'qwen3:0.6b', expires_at: '0001-01-01T00:00:00Z' }] });
    expect(parseOllamaPs(body)).toEqual({ loadedModels: [{ model: 'qwen3:0.6b' }] });
  });

  it('takes `model` when an entry has no `name`', () => {
    expect(parseOllamaPs('{"models":[{"model":"phi4:14b"}]}')).toEqual({ loadedModels: [{ model: 'phi4:14b' }] });
  });

  it.each([
    ['an error answer', '{"error":"something went wrong"}'],
    ['a list of the wrong shape', '{"models":"llama3.2"}'],
    ['text that is not JSON', '404 page not found'],
  ])('finds nothing in %s', (_, body) => {
    expect(parseOllamaPs(body)).toBeUndefined();
  });
});
