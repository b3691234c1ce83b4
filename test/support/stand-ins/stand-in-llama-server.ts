/**
 * A stand-in llama.cpp `llama-server` on 127.0.0.1, as recorded from build b9927-c264f65ff
 * started with `-m models/tiny-qwen-tools.gguf --jinja -c 2048`: one model, reported by
 * its path (or `alias`) whatever a request names; /v1/chat/completions, /v1/completions,
 * /v1/embeddings (with `embeddings`), /v1/models, /health, /slots and /metrics; and its
 * socket handling: closed about 1 ms after every stream although the head promised
 * keep-alive, `Connection: close` on errors while the socket lingers until the idle
 * timeout. Answers are deterministic (stand-in-reply.ts) and the fault scenarios of
 * stand-in-scenario.ts can be played.
 */
import { LLAMA_MODEL_PATH, planLlamaError, planLlamaPreflight, readOrigin } from './llama-answers.js';
import { planLlamaChat } from './llama-chat.js';
import { planLlamaCompletion } from './llama-completions.js';
import { planLlamaEmbeddings } from './llama-embeddings.js';
import { createLlamaCounters, planLlamaHealth, planLlamaMetrics, planLlamaModels, planLlamaSlots, recordServed } from './llama-listing.js';
import type { LlamaContext } from './llama-request.js';
import type { PlannedResponse } from './send-planned-response.js';
import { findOpenAIDirectiveText } from './stand-in-openai.js';
import type { PlannedReply } from './stand-in-reply.js';
import { startStandInServer, type Exchange, type StandInProtocol } from './stand-in-server.js';
import type { OpenAIStandIn, StandInOptions } from './stand-in-types.js';

export interface StandInLlamaServerOptions extends Omit<StandInOptions, 'models'> {
  /** `--alias`: the name reported instead of the model path. */
  alias?: string;
  /** `--api-key`: required everywhere but /health, /models and OPTIONS. */
  apiKey?: string;
  /** `-c`: the context size in the stand-in's whitespace tokens (default 2048). */
  contextLength?: number;
  /** `--parallel`: slots answering at once, as /slots and /metrics report them (default 4). */
  slots?: number;
  /** `--embeddings`: serve /v1/embeddings instead of answering 501. */
  embeddings?: boolean;
  /** A thinking chat template: answers carry `reasoning_content` first. */
  reasoning?: boolean;
  /** How long an idle socket, or one after an error, stays open (default 5000 ms, as recorded). */
  idleTimeoutMs?: number;
}

export interface LlamaServerStandIn extends OpenAIStandIn {
  /** The one model's name: the path (`models/tiny-qwen-tools.gguf`) or the alias. */
  readonly model: string;
}

const inferencePaths = new Set(['/v1/chat/completions', '/chat/completions', '/v1/completions', '/completions', '/v1/embeddings', '/embeddings']);
const publicPaths = new Set(['/health', '/v1/health', '/models', '/v1/models']);

/** The key as `Authorization: Bearer k`, `Authorization: k` or `X-Api-Key: k`. */
function presentedKey(exchange: Exchange): string | undefined {
  const header = exchange.headers['x-api-key'] ?? exchange.headers.authorization;
  return typeof header === 'string' ? header.replace(/^Bearer /, '') : undefined;
}

function createLlamaProtocol(options: StandInLlamaServerOptions, model: string): StandInProtocol {
  const idleTimeoutMs = options.idleTimeoutMs ?? 5000;
  const contextLength = options.contextLength ?? 2048;
  const slots = options.slots ?? 4;
  const counters = createLlamaCounters();
  const served = (reply: PlannedReply) => recordServed(counters, reply.promptTokens, reply.completionTokens);
  const contextOf = (exchange: Exchange): LlamaContext => ({ origin: readOrigin(exchange.headers), idleTimeoutMs, contextLength });
  const chat = (exchange: Exchange) => planLlamaChat(exchange.rawBody, { ...contextOf(exchange), model, reasoning: options.reasoning === true }, served);
  const completion = (exchange: Exchange) => planLlamaCompletion(exchange.rawBody, { ...contextOf(exchange), model }, served);
  const embeddings = (exchange: Exchange) => planLlamaEmbeddings(exchange.rawBody, contextOf(exchange), { enabled: options.embeddings === true, dimensions: exchange.embeddingDimensions, model });
  const models = (exchange: Exchange) => planLlamaModels(readOrigin(exchange.headers), model, contextLength);
  const routes: Record<string, (exchange: Exchange) => PlannedResponse> = {
    'GET /health': (exchange) => planLlamaHealth(readOrigin(exchange.headers)),
    'GET /v1/health': (exchange) => planLlamaHealth(readOrigin(exchange.headers)),
    'GET /models': models,
    'GET /v1/models': models,
    'GET /slots': (exchange) => planLlamaSlots(readOrigin(exchange.headers), slots, exchange.inferenceInProgress, contextLength),
    'GET /metrics': (exchange) => planLlamaMetrics(readOrigin(exchange.headers), counters, slots, exchange.inferenceInProgress),
    'POST /v1/chat/completions': chat,
    'POST /chat/completions': chat,
    'POST /v1/completions': completion,
    'POST /completions': completion,
    'POST /v1/embeddings': embeddings,
    'POST /embeddings': embeddings,
  };
  const error = (exchange: Exchange, status: number, type: string, message: string) => planLlamaError(readOrigin(exchange.headers), idleTimeoutMs, status, type, message);
  return {
    idleTimeoutMs,
    isInference: (method, path) => method === 'POST' && inferencePaths.has(path),
    findDirectiveText: findOpenAIDirectiveText,
    authorize(exchange) {
      if (exchange.method === 'OPTIONS') return planLlamaPreflight(readOrigin(exchange.headers));
      if (options.apiKey === undefined || publicPaths.has(exchange.path) || presentedKey(exchange) === options.apiKey) return undefined;
      return error(exchange, 401, 'authentication_error', 'Invalid API Key');
    },
    // Every unknown route, `GET /v1/models/{id}` included, gets the same 404.
    route: (exchange) => routes[`${exchange.method} ${exchange.path}`]?.(exchange) ?? error(exchange, 404, 'not_found_error', 'File Not Found'),
    serverError: (exchange) => error(exchange, 500, 'server_error', 'The model produced output that does not match the expected peg-native format'),
    rateLimited: (exchange) => error(exchange, 429, 'unavailable_error', 'Too many requests, the server is busy'),
  };
}

/** Starts a stand-in llama-server serving `models/tiny-qwen-tools.gguf` (or `options.alias`). */
export async function startStandInLlamaServer(options: StandInLlamaServerOptions = {}): Promise<LlamaServerStandIn> {
  const model = options.alias ?? LLAMA_MODEL_PATH;
  const standIn = await startStandInServer(createLlamaProtocol(options, model), options, { models: [model] });
  return Object.assign(standIn, { baseUrl: `${standIn.url}/v1`, model });
}
