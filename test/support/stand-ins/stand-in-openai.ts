/**
 * A stand-in vLLM (OpenAI-compatible) server on 127.0.0.1: GET /v1/models,
 * POST /v1/chat/completions, /v1/completions and /v1/embeddings, plus /health and
 * /version. With `apiKey` it refuses requests under /v1 without the bearer token, as
 * `vllm serve --api-key` does. Answers are deterministic (stand-in-reply.ts) and every
 * fault scenario of stand-in-scenario.ts can be played.
 */
import { createVllmId, planFastApiDetail, planOpenAIJson, planUnauthorized, planVllmError, VLLM_VERSION } from './openai-answers.js';
import { planOpenAIChat } from './openai-chat.js';
import { planOpenAICompletion } from './openai-completions.js';
import { planOpenAIEmbeddings } from './openai-embeddings.js';
import { readContentText } from './openai-request.js';
import type { PlannedResponse } from './send-planned-response.js';
import { startStandInServer, type Exchange, type StandInProtocol } from './stand-in-server.js';
import type { OpenAIStandIn, StandInOptions } from './stand-in-types.js';

export const DEFAULT_OPENAI_MODELS = ['Qwen/Qwen2.5-0.5B-Instruct'];

export interface StandInOpenAIOptions extends StandInOptions {
  /** Bearer token required under /v1, like `vllm serve --api-key`. */
  apiKey?: string;
  /** `max_model_len` reported by /v1/models and enforced on max_tokens (default 32768). */
  maxModelLength?: number;
}

const inferencePaths = new Set(['/v1/chat/completions', '/v1/completions', '/v1/embeddings']);

/** Where a `[scenario:…]` directive may sit in an OpenAI request. */
export function findOpenAIDirectiveText(body: unknown): string {
  if (typeof body !== 'object' || body === null) return '';
  const record = body as Record<string, unknown>;
  const messages = Array.isArray(record['messages']) ? (record['messages'] as Array<{ role?: unknown; content?: unknown } | null>) : [];
  const lastUser = [...messages].reverse().find((message) => message?.role === 'user');
  const texts = [readContentText(lastUser?.content), record['prompt'], record['input']].flat();
  return texts.filter((text): text is string => typeof text === 'string').join('\n');
}

function planModelList(models: string[], maxModelLength: number): PlannedResponse {
  const created = Math.floor(Date.now() / 1000);
  const data = models.map((id) => ({
    id,
    object: 'model',
    created,
    owned_by: 'vllm',
    root: id,
    parent: null,
    max_model_len: maxModelLength,
    permission: [
      {
        id: createVllmId('modelperm-'),
        object: 'model_permission',
        created,
        allow_create_engine: false,
        allow_sampling: true,
        allow_logprobs: true,
        allow_search_indices: false,
        allow_view: true,
        allow_fine_tuning: false,
        organization: '*',
        group: null,
        is_blocking: false,
      },
    ],
  }));
  return planOpenAIJson(200, { object: 'list', data });
}

function createOpenAIProtocol(options: StandInOpenAIOptions): StandInProtocol {
  const maxModelLength = options.maxModelLength ?? 32768;
  const routes: Record<string, (exchange: Exchange) => PlannedResponse> = {
    'GET /health': () => ({ status: 200, headers: {}, frames: [''], streamed: false, closingFrames: 0 }),
    'GET /version': () => planOpenAIJson(200, { version: VLLM_VERSION }),
    'GET /v1/models': (exchange) => planModelList(exchange.models, maxModelLength),
    'POST /v1/chat/completions': (exchange) => planOpenAIChat(exchange, maxModelLength),
    'POST /v1/completions': (exchange) => planOpenAICompletion(exchange, maxModelLength),
    'POST /v1/embeddings': planOpenAIEmbeddings,
  };
  return {
    isInference: (method, path) => method === 'POST' && inferencePaths.has(path),
    findDirectiveText: findOpenAIDirectiveText,
    authorize(exchange) {
      if (options.apiKey === undefined || !exchange.path.startsWith('/v1') || exchange.method === 'OPTIONS') return undefined;
      return exchange.headers.authorization === `Bearer ${options.apiKey}` ? undefined : planUnauthorized();
    },
    route(exchange) {
      const route = routes[`${exchange.method} ${exchange.path}`];
      if (route !== undefined) return route(exchange);
      return planFastApiDetail(Object.keys(routes).some((key) => key.endsWith(` ${exchange.path}`)) ? 405 : 404);
    },
    serverError: () =>
      planVllmError(500, 'InternalServerError', 'EngineCore encountered an issue. See stack trace (above) for the root cause.'),
    rateLimited: () => {
      const answer = planVllmError(429, 'RateLimitError', 'Too many requests: the server is at capacity, please retry later.');
      return { ...answer, headers: { ...answer.headers, 'retry-after': '1' } };
    },
  };
}

/** Starts a stand-in vLLM; by default it serves Qwen/Qwen2.5-0.5B-Instruct. */
export async function startStandInOpenAI(options: StandInOpenAIOptions = {}): Promise<OpenAIStandIn> {
  const standIn = await startStandInServer(createOpenAIProtocol(options), options, { models: DEFAULT_OPENAI_MODELS });
  return Object.assign(standIn, { baseUrl: `${standIn.url}/v1` });
}
