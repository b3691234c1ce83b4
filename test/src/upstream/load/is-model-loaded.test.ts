import { describe, expect, it } from 'vitest';
import { isModelLoaded } from '../../../../src/upstream/load/is-model-loaded.js';
import type { LoadSnapshot } from '../../../../src/upstream/load/load-snapshot.js';

const ollama: LoadSnapshot = { readAt: 0, sources: ['ollama_ps'], loadedModels: [{ model: 'llama3.2:latest' }, { model: 'hf.co/bartowski/Qwen3-8B-GGUF:Q4_K_M' }] };

describe('isModelLoaded', () => {
  it.each([
    ['a model in the list', ollama, 'llama3.2:latest', true],
    ['a model named without its :latest tag', ollama, 'llama3.2', true],
    ['a model with a tag in a path', ollama, 'hf.co/bartowski/Qwen3-8B-GGUF:Q4_K_M', true],
    ['another tag of a loaded model', ollama, 'llama3.2:3b', false],
    ['a model not in the list', ollama, 'qwen3:0.6b', false],
    ['anything when the list is empty', { readAt: 0, sources: ['ollama_ps'], loadedModels: [] }, 'llama3.2:latest', false],
    ['a router model with status loaded', { readAt: 0, sources: ['llama_router'], loadedModels: [{ model: 'gemma-3-4b' }] }, 'gemma-3-4b', true],
    ['any model on a vLLM', { readAt: 0, sources: ['vllm_metrics'], running: 0 }, 'Qwen/Qwen2.5-7B-Instruct', true],
    ['any model on a plain llama-server', { readAt: 0, sources: ['llama_slots', 'llama_metrics'] }, 'models/tiny.gguf', true],
    ['a model when nothing could be read', undefined, 'llama3.2:latest', undefined],
  ] satisfies Array<[string, LoadSnapshot | undefined, string, boolean | undefined]>)('answers for %s', (_, snapshot, model, loaded) => {
    expect(isModelLoaded(snapshot, model)).toBe(loaded);
  });
});
