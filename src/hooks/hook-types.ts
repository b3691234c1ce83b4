/**
 * What a hook module exports and what its functions are given. Hooks see the OpenAI
 * chat-completions shape whatever the front door and the backend; each function may be
 * async, and returns a replacement (a transformer) or nothing (an observer).
 */
import type { ChatCompletion, ChatCompletionChunk, ChatCompletionRequest } from '../../core/openai-types.js';

type MaybePromise<Value> = Value | Promise<Value>;

/** The facts about the request a hook is called for. */
export interface HookContext {
  /** The public model id the client asked for (an alias counts under its alias). */
  readonly model: string;
  /** The connection serving the request; undefined in `onRequest`, which runs before one is chosen. */
  readonly connection: string | undefined;
  readonly requestId: string;
  /** The API key's name (`key-<index>` when it has none), never the key; undefined without auth. */
  readonly apiKeyName: string | undefined;
  /** Whether the client streams; only then do emitted events reach it. */
  readonly stream: boolean;
  /** Sends `data: {"event": …}` to a streaming client (Open WebUI's status events); ignored otherwise. */
  emit(event: object): void;
}

export type RequestHook = (request: ChatCompletionRequest, context: HookContext) => MaybePromise<ChatCompletionRequest | undefined | void>;
export type ResponseHook = (response: ChatCompletion, context: HookContext) => MaybePromise<ChatCompletion | undefined | void>;
export type ChunkHook = (chunk: ChatCompletionChunk, context: HookContext) => MaybePromise<ChatCompletionChunk | undefined | void>;

/** The functions a hook module may export; at least one of them. */
export interface HookFunctions {
  onRequest?: RequestHook;
  onResponse?: ResponseHook;
  onChunk?: ChunkHook;
}

export type HookPhase = keyof HookFunctions;

export const hookPhases: readonly HookPhase[] = ['onRequest', 'onResponse', 'onChunk'];

/** A hook module, loaded, with its settings from `hooks:`. */
export interface LoadedHook extends HookFunctions {
  /** The module as the configuration names it (`./hooks/redact.js`): how errors and logs name the hook. */
  readonly name: string;
  /** Its absolute path. */
  readonly file: string;
  /** Public model ids whose requests it sees; undefined = every model. */
  readonly models: ReadonlySet<string> | undefined;
  readonly timeoutMs: number;
}

/** What the hooks log through: a hook's failure, once, with its stack. */
export interface HookLogger {
  error(details: object, message: string): void;
  warn(details: object, message: string): void;
}
