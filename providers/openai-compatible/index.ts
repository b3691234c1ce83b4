import type { Adapter } from '../../core/adapter.js';
import { chatCompletionRequestSchema, completionRequestSchema, embeddingsRequestSchema } from '../../core/openai-types.js';
import { forwardRequest } from './forward-request.js';
import { parseModelList } from './list-models.js';
import { readAnswer, readAnswerStream } from './read-answer.js';
import { translateError } from './translate-error.js';

export interface OpenAICompatibleSettings {
  /** Other front doors' APIs the upstream serves itself (vLLM and llama-server serve both). */
  passthrough_endpoints: ReadonlyArray<'messages' | 'responses'>;
}

/**
 * vLLM, llama.cpp's server, LM Studio: they speak OpenAI already. Requests on OpenAI
 * endpoints pass through unaltered; requests that another front door turned into chat
 * completions are sent as they are and their answers read back chunk by chunk.
 */
export function createOpenAICompatibleAdapter(settings: OpenAICompatibleSettings): Adapter {
  return {
    passthrough: true,
    nativePaths: settings.passthrough_endpoints.map((endpoint) => `/${endpoint}`),
    framing: 'sse',
    chat: { schema: chatCompletionRequestSchema, request: forwardRequest('/chat/completions'), response: readAnswer, stream: readAnswerStream },
    completion: { schema: completionRequestSchema, request: forwardRequest('/completions'), response: readAnswer, stream: readAnswerStream },
    embeddings: { schema: embeddingsRequestSchema, request: forwardRequest('/embeddings'), response: readAnswer },
    models: { call: { method: 'GET', path: '/models' }, parse: parseModelList },
    health: { method: 'GET', path: '/models' },
    translateError,
  };
}
