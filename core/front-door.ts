/**
 * The interface every front door other than chat completions implements (Anthropic
 * Messages, OpenAI Responses, Ollama's native API). A front door is a pure translator in
 * front of the one dispatch: it turns its client's request into a chat-completions
 * request, and the chat-completions answer (whole or chunk by chunk) back into its own
 * wire format. It never touches sockets, Express, metrics or globals.
 */
import type { z } from 'zod';
import type { GatewayError } from './gateway-error.js';
import type { ChatCompletion, ChatCompletionChunk, ChatCompletionRequest } from './openai-types.js';

/** Per-request facts a front door needs besides the body. */
export interface FrontContext {
  /** The public model id the client asked for. */
  publicModel: string;
  /** The id of this response in the front's own format (`msg_…`, `resp_…`). */
  responseId: string;
  /** Unix seconds at which the request arrived. */
  now: number;
}

/**
 * Translates one streamed answer. `push` takes each chat-completions chunk and returns the
 * bytes to write (whole SSE events or NDJSON lines, already framed); `end` returns the
 * closing ones once the upstream finished; `fail` returns the final error event of a
 * stream that broke after it started.
 */
export interface FrontStream {
  push(chunk: ChatCompletionChunk): string[];
  end(): string[];
  fail(error: GatewayError): string[];
}

/** A rendered error in the front's own shape. */
export interface FrontError {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface FrontDoor<Request, Response> {
  /** Validates the client's body (once, at the edge); loose for fields it does not know. */
  readonly schema: z.ZodType<Request>;
  /** Content type of a streamed answer (`text/event-stream`, `application/x-ndjson`). */
  readonly streamContentType: string;
  /** Whether the client asked for a stream. */
  isStream(request: Request): boolean;
  /** The request as chat completions; `model` is the public id. */
  toChat(request: Request, context: FrontContext): ChatCompletionRequest;
  /** A whole chat-completions answer in the front's shape. */
  fromChat(response: ChatCompletion, request: Request, context: FrontContext): Response;
  stream(request: Request, context: FrontContext): FrontStream;
  /** Any error the gateway produced, in the front's own shape. */
  renderError(error: GatewayError): FrontError;
}
