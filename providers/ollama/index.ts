import type { TranslatingAdapter } from '../../core/adapter.js';
import type { OllamaConnectionConfig } from '../../config/schema.js';
import { listModels } from './list-models.js';
import { translateChatRequest } from './translate-chat-request.js';
import { translateChatResponse } from './translate-chat-response.js';
import { translateChatStream } from './translate-chat-stream.js';
import { translateCompletionRequest } from './translate-completion-request.js';
import { translateCompletionResponse } from './translate-completion-response.js';
import { translateCompletionStream } from './translate-completion-stream.js';
import { translateEmbeddingsRequest, translateEmbeddingsResponse } from './translate-embeddings.js';
import { translateError } from './translate-error.js';

/**
 * An Ollama server, translated both ways: OpenAI requests become `/api/generate`,
 * `/api/chat` and `/api/embed` calls, and Ollama's JSON and NDJSON answers become OpenAI
 * objects and chunks. `ollama_api` picks how chat messages are sent: as a prompt for
 * `/api/generate` (the default) or as native `/api/chat` messages.
 */
export function createOllamaAdapter(settings: OllamaConnectionConfig): TranslatingAdapter {
  return {
    kind: 'translate',
    framing: 'ndjson',
    chat: {
      request: (body, context) => translateChatRequest(body, context, settings.ollama_api),
      response: translateChatResponse,
      stream: translateChatStream,
    },
    completion: {
      request: translateCompletionRequest,
      response: translateCompletionResponse,
      stream: translateCompletionStream,
    },
    embeddings: {
      request: translateEmbeddingsRequest,
      response: translateEmbeddingsResponse,
    },
    models: { call: { method: 'GET', path: '/api/tags' }, parse: listModels },
    // The cheapest call Ollama answers: no model is loaded and no disk is read.
    health: { method: 'GET', path: '/api/version' },
    translateError,
  };
}
