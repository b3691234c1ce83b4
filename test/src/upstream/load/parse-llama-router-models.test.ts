/**
 * Bodies shaped as llama-server in router mode answers `GET /models` (tools/server/
 * README.md, "Using multiple models"): each model with id, path and a status whose value
 * is loaded, loading, unloaded, sleeping or downloading. A plain llama-server's `/models`
 * (shown in /work/shared/upstreams/llama-server.md §10) has no status.
 */
import { describe, expect, it } from 'vitest';
import { parseLlamaRouterModels } from '../../../../src/upstream/load/parse-llama-router-models.js';

const router = JSON.stringify({
  object: 'list',
  data: [
    { id: 'ggml-org/gemma-3-4b-it-GGUF:Q4_K_M', object: 'model', path: '/models/gemma-3-4b-it-Q4_K_M.gguf', status: { value: 'loaded', args: ['llama-server', '-c', '8192'] } },
    { id: 'qwen3-8b', object: 'model', status: { value: 'sleeping', args: ['llama-server', '-c', '8192'] } },
    { id: 'llama-3.2-1b', object: 'model', status: { value: 'loading', args: ['llama-server'] } },
    { id: 'phi-4-mini', object: 'model', status: { value: 'unloaded', args: ['llama-server'], failed: true, exit_code: 1 } },
    { id: 'kimi', object: 'model', status: { value: 'downloading', progress: { 'https://example.test/kimi.gguf': { done: 10, total: 100 } } } },
  ],
});

const plainServer = JSON.stringify({
  models: [{ name: 'models/tiny-qwen-tools.gguf', model: 'models/tiny-qwen-tools.gguf', type: 'model' }],
  object: 'list',
  data: [{ id: 'models/tiny-qwen-tools.gguf', object: 'model', created: 1795307365, owned_by: 'llamacpp', meta: { n_ctx: 2048 } }],
});

describe('parseLlamaRouterModels', () => {
  it('reads only the models whose status is loaded as loaded', () => {
    expect(parseLlamaRouterModels(router)).toEqual({ loadedModels: [{ model: 'ggml-org/gemma-3-4b-it-GGUF:Q4_K_M' }] });
  });

  it('reads a router with nothing loaded as nothing loaded', () => {
    const body = JSON.stringify({ data: [{ id: 'qwen3-8b', status: { value: 'unloaded' } }] });
    expect(parseLlamaRouterModels(body)).toEqual({ loadedModels: [] });
  });

  it.each([
    ["a plain llama-server's list, which has no status", plainServer],
    ["a vLLM's list", '{"object":"list","data":[{"id":"m","object":"model","owned_by":"vllm","max_model_len":8192}]}'],
    ['text that is not JSON', 'File Not Found'],
  ])('finds nothing in %s', (_, body) => {
    expect(parseLlamaRouterModels(body)).toBeUndefined();
  });
});
