/**
 * The interface every backend kind implements. Adapters are pure: they turn OpenAI requests
 * into upstream calls and upstream bodies into OpenAI objects, and never touch sockets,
 * Express, metrics or globals. `src/` does the I/O and hands bodies over.
 *
 * Adding a backend kind is adding a folder under `providers/` that exports one
 * `AdapterFactory` from its `index.ts`, and one line in `providers/index.ts`. Adapters
 * take validated, typed requests: validation happens once, at the edge, against the
 * translation's `schema`.
 */
import type { z } from 'zod';
import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionRequest,
  Completion,
  CompletionRequest,
  EmbeddingsRequest,
  EmbeddingsResponse,
  Usage,
} from './openai-types.js';
import type { GatewayError } from './gateway-error.js';

/** How an upstream frames a streamed body. */
export type Framing = 'ndjson' | 'sse';

/** A JSON request to send upstream, relative to the connection's `base_url`. */
export interface UpstreamCall {
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
}

/** A model as the upstream names it, before any prefix is applied. */
export interface UpstreamModel {
  id: string;
  /** Unix seconds. */
  created?: number;
  owned_by?: string;
  /** Extra upstream facts (Ollama's family, parameter size, quantization ...). */
  details?: Record<string, unknown>;
  /**
   * Other ids the upstream itself accepts for this model (Ollama takes `llama3.2` for
   * `llama3.2:latest`). They route to the model but are not listed.
   */
  aliases?: string[];
}

/** Per-request facts an adapter needs besides the body. */
export interface TranslateContext {
  /** The id the client asked for; responses echo it. */
  publicModel: string;
  /** The id the upstream knows the model by. */
  upstreamModel: string;
  /** The response id (`chatcmpl-…` or `cmpl-…`), fixed for the whole request. */
  responseId: string;
  /** Unix seconds at which the request arrived; used when the upstream gives no time. */
  now: number;
}

/**
 * A stateful translator for one streamed response. `push` is called with each parsed
 * upstream frame (an NDJSON object or an SSE data payload) and returns the chunks to send;
 * `end` is called when the upstream body ended and returns the closing chunks, or throws a
 * GatewayError when the stream ended before it was complete.
 */
export interface StreamTranslator<Chunk> {
  push(frame: unknown): Chunk[];
  end(): Chunk[];
  /** Token counts, known once the upstream reported them. */
  readonly usage: Usage | undefined;
  /** What the translation noticed, once the stream ended. */
  readonly notes?: TranslationNotes;
}

/**
 * What a translation noticed that the client's answer does not show, for a metric and the
 * request's log line.
 */
export interface TranslationNotes {
  /**
   * `tool_choice` asked for a call (`required`, a named function) and the model answered
   * without one; the answer went back as the model gave it.
   */
  toolChoiceMissed: boolean;
}

/**
 * Request, whole-response and streamed-response translation for one endpoint. `schema`
 * is what the request is validated against, once, before `request` sees it: the OpenAI
 * fields plus whatever the backend reads besides (Ollama's `options`, `keep_alive`).
 */
export interface EndpointTranslation<Request, Response, Chunk> {
  readonly schema: z.ZodType<Request>;
  request(body: Request, context: TranslateContext): UpstreamCall;
  response(body: unknown, request: Request, context: TranslateContext): { response: Response; usage: Usage | undefined; notes?: TranslationNotes };
  /** Absent for endpoints that never stream (embeddings). */
  stream?(body: Request, context: TranslateContext): StreamTranslator<Chunk>;
}

/**
 * A backend kind. Every adapter translates the OpenAI endpoints (the new front doors
 * reach every backend through `chat`); one whose upstream speaks OpenAI already also lets
 * requests pass through unaltered.
 */
export interface Adapter {
  /** Whether OpenAI requests are forwarded unaltered instead of translated. */
  readonly passthrough: boolean;
  /**
   * Paths below the base URL where the upstream serves another front door's API itself
   * (Ollama's `/api/chat`; vLLM's `/messages`): requests on that front pass unaltered.
   */
  readonly nativePaths: readonly string[];
  /** How the upstream frames a streamed body. */
  readonly framing: Framing;
  readonly chat: EndpointTranslation<ChatCompletionRequest, ChatCompletion, ChatCompletionChunk>;
  readonly completion: EndpointTranslation<CompletionRequest, Completion, Completion>;
  readonly embeddings: EndpointTranslation<EmbeddingsRequest, EmbeddingsResponse, never>;
  /** How this adapter discovers models: the call to make and how to read its answer. */
  readonly models: { call: UpstreamCall; parse(body: unknown): UpstreamModel[] };
  /** A cheap call that answers while the upstream is up (used by health checks). */
  readonly health: UpstreamCall;
  /** Maps an upstream's non-2xx answer (status and raw body text) to the client's error. */
  translateError(status: number, body: string, context: TranslateContext): GatewayError;
}

/** Builds an adapter for one configured connection from its kind's own settings. */
export type AdapterFactory<Settings> = (settings: Settings) => Adapter;
