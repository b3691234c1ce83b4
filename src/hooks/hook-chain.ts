/**
 * The hooks of one request, run in order: the hook modules whose `models` include the
 * request's public model (all of them when a module names none), in configuration order,
 * then the alias's declarative hooks, then the API key's, so that what an alias or a key
 * enforces holds whatever a module did. Declarative hooks rewrite requests only.
 *
 * Every call gets the current request, response or chunk and the request's context; a
 * transformer's replacement goes on to the next hook. Events hooks emit for a streaming
 * client wait in a queue that the stream writer drains (`drainEvents`).
 */
import type { DeclarativeHooks } from '../../config/hooks-schema.js';
import type { ChatCompletion, ChatCompletionChunk, ChatCompletionRequest } from '../../core/openai-types.js';
import { applyDeclarativeHooks } from './apply-declarative-hooks.js';
import { callHook, invalidReplacement, type HookCall } from './call-hook.js';
import { HookEventQueue, type HookEventPayload } from './hook-event-queue.js';
import type { HookContext, HookLogger, HookPhase, LoadedHook } from './hook-types.js';

/** The request facts a chain is made for. */
export interface HookRequestFacts {
  model: string;
  requestId: string;
  apiKeyName: string | undefined;
  stream: boolean;
}

export interface HookChainOptions {
  /** Every loaded hook module; those that do not serve `facts.model` are left out. */
  hooks: readonly LoadedHook[];
  /** The alias's `hooks`, then the API key's; either may be absent. */
  declarative: ReadonlyArray<DeclarativeHooks | undefined>;
  facts: HookRequestFacts;
  logger: HookLogger;
}

/** A hook may not change what routing and serving already read from the request. */
const fixedFields = ['model', 'stream'] as const;
type FixedField = (typeof fixedFields)[number];

export class HookChain {
  private readonly hooks: readonly LoadedHook[];
  private readonly declarative: readonly DeclarativeHooks[];
  private readonly events: HookEventQueue;
  private connection: string | undefined;

  constructor(private readonly options: HookChainOptions) {
    const { model, stream, requestId } = options.facts;
    this.events = new HookEventQueue(stream, requestId, options.logger);
    this.hooks = options.hooks.filter((hook) => hook.models === undefined || hook.models.has(model));
    this.declarative = options.declarative.filter((hooks): hooks is DeclarativeHooks => hooks !== undefined);
  }

  /** Whether anything runs on requests; without, a passthrough request can go upstream byte for byte. */
  get rewritesRequests(): boolean {
    return this.declarative.length > 0 || this.hooks.some((hook) => hook.onRequest !== undefined);
  }

  /** Whether anything runs on whole responses; without, they can be relayed as they came. */
  get readsResponses(): boolean {
    return this.hooks.some((hook) => hook.onResponse !== undefined);
  }

  /** Whether anything runs on chunks; without, a stream can be relayed as it comes. */
  get readsChunks(): boolean {
    return this.hooks.some((hook) => hook.onChunk !== undefined);
  }

  /** Whether any hook module runs for the request: it may read answers or emit events, so they are not piped. */
  get runsModules(): boolean {
    return this.hooks.length > 0;
  }

  /** Records the connection chosen for the request, for `context.connection` from then on. */
  setConnection(name: string): void {
    this.connection = name;
  }

  /**
   * The request as the hooks leave it. A module may also change the request it is given
   * in place; either way it may not change `model` or `stream`.
   */
  async runRequest(request: ChatCompletionRequest): Promise<ChatCompletionRequest> {
    const fixed = readFixedFields(request);
    let current = request;
    for (const hook of this.hooks) {
      const { onRequest } = hook;
      if (onRequest === undefined) continue;
      const call = this.describeCall(hook, 'onRequest');
      current = (await callHook<ChatCompletionRequest>(call, () => onRequest(current, this.createContext()))) ?? current;
      checkFixedFields(call, fixed, current);
    }
    for (const hooks of this.declarative) current = applyDeclarativeHooks(current, hooks);
    return current;
  }

  async runResponse(response: ChatCompletion): Promise<ChatCompletion> {
    let current = response;
    for (const hook of this.hooks) {
      const { onResponse } = hook;
      if (onResponse === undefined) continue;
      current = (await callHook<ChatCompletion>(this.describeCall(hook, 'onResponse'), () => onResponse(current, this.createContext()))) ?? current;
    }
    return current;
  }

  async runChunk(chunk: ChatCompletionChunk): Promise<ChatCompletionChunk> {
    let current = chunk;
    for (const hook of this.hooks) {
      const { onChunk } = hook;
      if (onChunk === undefined) continue;
      current = (await callHook<ChatCompletionChunk>(this.describeCall(hook, 'onChunk'), () => onChunk(current, this.createContext()))) ?? current;
    }
    return current;
  }

  /** The events emitted since the last drain, in order, as SSE payloads to write. */
  drainEvents(): HookEventPayload[] {
    return this.events.drain();
  }

  private describeCall(hook: LoadedHook, phase: HookPhase): HookCall {
    return { hook, phase, requestId: this.options.facts.requestId, logger: this.options.logger };
  }

  /** A fresh, frozen context per call: one hook cannot change what the next one is told. */
  private createContext(): HookContext {
    const { model, requestId, apiKeyName, stream } = this.options.facts;
    return Object.freeze({ model, connection: this.connection, requestId, apiKeyName, stream, emit: (event: object) => this.events.emit(event) });
  }
}

/** What routing and serving read: the model, and whether to stream (absent and false alike). */
function readFixedFields(request: ChatCompletionRequest): Record<FixedField, unknown> {
  return { model: request.model, stream: request.stream === true };
}

function checkFixedFields(call: HookCall, fixed: Record<FixedField, unknown>, request: ChatCompletionRequest): void {
  const now = readFixedFields(request);
  for (const field of fixedFields) {
    if (now[field] !== fixed[field]) {
      throw invalidReplacement(call, `onRequest changed '${field}', which was read before hooks run; a hook cannot reroute a request or switch streaming`);
    }
  }
}
