/**
 * A stand-in Ollama server on 127.0.0.1 that speaks Ollama's wire format (as of Ollama
 * 0.12): `/`, `/api/version`, `/api/tags`, `/api/ps`, `/api/show`, `/api/generate`,
 * `/api/chat`, `/api/embed` and the legacy `/api/embeddings`. Answers are deterministic
 * (see stand-in-reply.ts) and every fault scenario of stand-in-scenario.ts can be played.
 */
import { OLLAMA_SERVER_ERROR, planOllamaError, planOllamaText } from './ollama-answers.js';
import { planOllamaChat } from './ollama-chat.js';
import { planOllamaEmbed, planOllamaLegacyEmbeddings } from './ollama-embed.js';
import { planOllamaGenerate } from './ollama-generate.js';
import { planOllamaPs, planOllamaShow, planOllamaTags, planOllamaVersion } from './ollama-listing.js';
import { DEFAULT_OLLAMA_MODELS } from './ollama-models.js';
import type { PlannedResponse } from './send-planned-response.js';
import { startStandInServer, type Exchange, type StandInProtocol } from './stand-in-server.js';
import type { StandIn, StandInOptions } from './stand-in-types.js';

export type StandInOllamaOptions = StandInOptions;

const inferencePaths = new Set(['/api/generate', '/api/chat', '/api/embed', '/api/embeddings']);

function readLastUserText(messages: unknown): string {
  if (!Array.isArray(messages)) return '';
  for (let index = messages.length - 1; index >= 0; index -= 1) {
    const message = messages[index] as { role?: unknown; content?: unknown } | null;
    if (message?.role === 'user' && typeof message.content === 'string') return message.content;
  }
  return '';
}

/** Where a `[scenario:…]` directive may sit in an Ollama request. */
export function findOllamaDirectiveText(body: unknown): string {
  if (typeof body !== 'object' || body === null) return '';
  const record = body as Record<string, unknown>;
  const input = record['input'];
  const inputs = Array.isArray(input) ? input.filter((entry): entry is string => typeof entry === 'string') : [input];
  return [readLastUserText(record['messages']), record['prompt'], ...inputs].filter((text) => typeof text === 'string').join('\n');
}

function createOllamaProtocol(): StandInProtocol {
  const loaded = new Set<string>();
  const markServed = (name: string) => loaded.add(name);
  const routes: Record<string, (exchange: Exchange) => PlannedResponse> = {
    'GET /': () => planOllamaText(200, 'Ollama is running'),
    'GET /api/version': planOllamaVersion,
    'GET /api/tags': planOllamaTags,
    'GET /api/ps': (exchange) => planOllamaPs(exchange, loaded),
    'POST /api/show': planOllamaShow,
    'POST /api/generate': (exchange) => planOllamaGenerate(exchange, markServed),
    'POST /api/chat': (exchange) => planOllamaChat(exchange, markServed),
    'POST /api/embed': (exchange) => planOllamaEmbed(exchange, markServed),
    'POST /api/embeddings': (exchange) => planOllamaLegacyEmbeddings(exchange, markServed),
  };
  return {
    isInference: (method, path) => method === 'POST' && inferencePaths.has(path),
    findDirectiveText: findOllamaDirectiveText,
    route(exchange) {
      // gin answers HEAD on /, /api/version and /api/tags like GET (Node drops the body).
      const method = exchange.method === 'HEAD' ? 'GET' : exchange.method;
      const route = routes[`${method} ${exchange.path}`];
      if (route !== undefined) return route(exchange);
      const knownPath = Object.keys(routes).some((key) => key.endsWith(` ${exchange.path}`));
      return knownPath ? planOllamaText(405, '405 method not allowed') : planOllamaText(404, '404 page not found');
    },
    serverError: () => planOllamaError(500, OLLAMA_SERVER_ERROR),
    rateLimited: () => {
      const answer = planOllamaError(429, 'too many requests, please try again later');
      return { ...answer, headers: { ...answer.headers, 'retry-after': '1' } };
    },
  };
}

/** Starts a stand-in Ollama; by default it serves llama3.2:1b, qwen2.5:0.5b, qwen3:0.6b (thinking) and nomic-embed-text:latest. */
export function startStandInOllama(options: StandInOllamaOptions = {}): Promise<StandIn> {
  return startStandInServer(createOllamaProtocol(), options, { models: DEFAULT_OLLAMA_MODELS });
}
