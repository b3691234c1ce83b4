import type { Adapter, EndpointTranslation } from '../../core/adapter.js';
import type { ChatCompletion, ChatCompletionChunk } from '../../core/openai-types.js';
import { listModels } from './list-models.js';
import {
  ollamaChatRequestSchema,
  ollamaCompletionRequestSchema,
  ollamaEmbeddingsRequestSchema,
  type OllamaChatRequest,
} from './ollama-request-schemas.js';
import { translateChatRequest, type OllamaApi } from './translate-chat-request.js';
import { translateChatResponse } from './translate-chat-response.js';
import { translateChatStream } from './translate-chat-stream.js';
import { translateCompletionRequest } from './translate-completion-request.js';
import { translateCompletionResponse } from './translate-completion-response.js';
import { translateCompletionStream } from './translate-completion-stream.js';
import { translateEmbeddingsRequest, translateEmbeddingsResponse } from './translate-embeddings.js';
import { translateError } from './translate-error.js';

/** What an Ollama connection's configuration tells its adapter. */
export interface OllamaSettings {
  /** How chat messages are sent: as a prompt for `/api/generate`, or native `/api/chat`. */
  ollama_api: OllamaApi;
}

/**
 * Chat translation typed with the Ollama request: what `ollamaChatRequestSchema` let
 * through at the edge (Ollama's knobs, a checked `tool_choice`), not just OpenAI's fields.
 */
function createChatTranslation(ollamaApi: OllamaApi): EndpointTranslation<OllamaChatRequest, ChatCompletion, ChatCompletionChunk> {
  return {
    schema: ollamaChatRequestSchema,
    request: (body, context) => translateChatRequest(body, context, ollamaApi),
    response: (body, request, context) => translateChatResponse(body, context, request),
    stream: translateChatStream,
  };
}

/**
 * An Ollama server, translated both ways: OpenAI requests become `/api/generate`,
 * `/api/chat` and `/api/embed` calls, and Ollama's JSON and NDJSON answers become OpenAI
 * objects and chunks.
 */
export function createOllamaAdapter(settings: OllamaSettings): Adapter {
  return {
    passthrough: false,
    nativePaths: ['/api/chat', '/api/generate', '/api/embed'],
    framing: 'ndjson',
    chat: createChatTranslation(settings.ollama_api),
    completion: {
      schema: ollamaCompletionRequestSchema,
      request: translateCompletionRequest,
      response: (body, _request, context) => translateCompletionResponse(body, context),
      stream: translateCompletionStream,
    },
    embeddings: {
      schema: ollamaEmbeddingsRequestSchema,
      request: translateEmbeddingsRequest,
      response: translateEmbeddingsResponse,
    },
    models: { call: { method: 'GET', path: '/api/tags' }, parse: listModels },
    // The cheapest call Ollama answers: no model is loaded and no disk is read.
    health: { method: 'GET', path: '/api/version' },
    translateError,
  };
}
