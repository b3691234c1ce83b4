/**
 * Ollama's native API as a front door, so clients that speak only Ollama reach every
 * connection: `/api/chat` and `/api/generate` through the chat dispatch, `/api/embed`
 * through the embeddings dispatch, and the listings built from the gateway's model list.
 */
export { ollamaChatFront } from './ollama-chat-front.js';
export { ollamaGenerateFront } from './ollama-generate-front.js';
export type { OllamaFrontDoor } from './ollama-front-door.js';
export { answerEmptyEmbed, isEmptyEmbed, translateEmbedRequest, translateEmbedResponse } from './translate-embed.js';
export { toTags } from './to-tags.js';
export { toPs, type RunningModel } from './to-ps.js';
export { toShow, type KnownCapabilities } from './to-show.js';
export { versionResponse } from './version-response.js';
export { renderOllamaError } from './render-ollama-error.js';
export {
  ollamaChatRequestSchema,
  ollamaEmbedRequestSchema,
  ollamaGenerateRequestSchema,
  ollamaShowRequestSchema,
  readShowModel,
  type OllamaChatRequest,
  type OllamaEmbedRequest,
  type OllamaGenerateRequest,
  type OllamaShowRequest,
} from './ollama-requests.js';
export type * from './ollama-responses.js';
