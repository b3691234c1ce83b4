/**
 * `GET /api/version`. Clients compare the version to decide what a server supports, so
 * the front door names the Ollama release whose API shapes it follows (0.12.6: tool calls
 * with ids and indexes, `think` levels, structured outputs).
 */
import type { OllamaVersionResponse } from './ollama-responses.js';

export const versionResponse: Readonly<OllamaVersionResponse> = Object.freeze({ version: '0.12.6' });
