/**
 * A front door for Ollama's generating endpoints: the shared interface, plus Ollama's
 * "load the model" requests, which the caller answers itself (see `answer-load-only.ts`).
 */
import type { FrontContext, FrontDoor } from '../../core/front-door.js';

export interface OllamaFrontDoor<Request, Response> extends FrontDoor<Request, Response> {
  /** Whether the request only loads (or unloads) the model and generates nothing. */
  isLoadOnly(request: Request): boolean;
  /** Ollama's answer to such a request: one JSON object, `done_reason` `load` or `unload`. */
  answerLoadOnly(request: Request, context: FrontContext): Response;
}

/** Ollama streams NDJSON: one JSON object per line. */
export const ndjsonContentType = 'application/x-ndjson';
