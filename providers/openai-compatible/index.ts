import type { PassthroughAdapter } from '../../core/adapter.js';
import type { OpenAICompatibleConnectionConfig } from '../../config/schema.js';
import { parseModelList } from './list-models.js';

/**
 * vLLM, llama.cpp's server, LM Studio: they speak OpenAI already, so requests and
 * responses are passed through; only the model list is read.
 */
export function createOpenAICompatibleAdapter(_settings: OpenAICompatibleConnectionConfig): PassthroughAdapter {
  return {
    kind: 'passthrough',
    framing: 'sse',
    models: { call: { method: 'GET', path: '/models' }, parse: parseModelList },
    health: { method: 'GET', path: '/models' },
  };
}
