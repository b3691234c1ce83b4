/**
 * One box of a stand-in fleet on 127.0.0.1, whose load a test controls, for routing tests
 * that run several boxes at once. Ollama-shaped by default (`/`, `/api/version`,
 * `/api/tags`, `/api/ps` listing the resident models with `expires_at`, and `/api/chat`
 * answered as the stand-in Ollama answers it); with `kind: 'vllm'` a vLLM
 * (`/v1/models`, `/v1/chat/completions`, and `/metrics` at the root with the request
 * gauges labelled `model_name`, whose values a test may set).
 *
 * Boxes differ in which models are resident (the first request for another waits
 * `coldLoadMs`, requests arriving meanwhile share that load, then the model is resident),
 * how many requests they work on at once (`parallel`; more wait inside the box, as with
 * OLLAMA_NUM_PARALLEL or vLLM's max_num_seqs) and speed (`chunkDelayMs` per chunk; a whole
 * answer takes as long as its chunks would). `hold()` keeps answers from starting until
 * the test releases them. A box records the inference requests it received, in order, and
 * counts its cold loads.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { createGate, type Gate } from '../gate.js';
import { planOllamaText } from './ollama-answers.js';
import { planOllamaChat } from './ollama-chat.js';
import { planOllamaPs, planOllamaTags, planOllamaVersion } from './ollama-listing.js';
import { findOllamaModel } from './ollama-models.js';
import { planFastApiDetail, planOpenAIJson } from './openai-answers.js';
import { planOpenAIChat } from './openai-chat.js';
import { readContentText } from './openai-request.js';
import { parseRecordedBody } from './request-log.js';
import { pause, sendPlannedResponse, type PlannedResponse } from './send-planned-response.js';
import type { Exchange } from './stand-in-server.js';

export interface FleetBoxOptions {
  /** `ollama` (default) or `vllm`. */
  kind?: 'ollama' | 'vllm';
  /** Models served (listed by `/api/tags` or `/v1/models`); default: the resident ones. */
  models?: string[];
  /** Models in memory at start (Ollama; default none). A vLLM holds every model it serves. */
  resident?: string[];
  /** How long loading a model that is not resident takes (default 0). */
  coldLoadMs?: number;
  /** Requests worked on at once; more wait inside the box. 0 (default) = no limit. */
  parallel?: number;
  /** Delay per streamed chunk (default 5). */
  chunkDelayMs?: number;
}

/** vLLM's request gauges; a field a test set is reported instead of the box's own count. */
export interface VllmGauges {
  running?: number;
  waiting?: number;
  kvCacheUsage?: number;
}

/** One inference request as the box received it. */
export interface FleetRequest {
  path: string;
  model: string;
  /** The last user message's text (or the prompt): what tests tell requests apart by. */
  text: string;
  headers: IncomingHttpHeaders;
  /** `performance.now()` on arrival, and once the answer started (after the box's queue, the load, a hold). */
  arrivedAt: number;
  startedAt?: number;
  /** It waited for a cold load of its model. */
  cold: boolean;
  /** The answer was sent whole. */
  finished: boolean;
}

export interface FleetBox {
  /** `http://127.0.0.1:PORT`, the server root. */
  readonly url: string;
  /** What a gateway connection uses: the root for Ollama, `url + '/v1'` for vLLM. */
  readonly baseUrl: string;
  /** Every inference request received, oldest first. */
  readonly requests: FleetRequest[];
  /** Loads of a model that was not resident. */
  readonly coldLoads: number;
  /** Requests being answered now (held ones included), and those waiting for a place in the box. */
  running(): number;
  waiting(): number;
  chunkDelayMs: number;
  /** What `/metrics` reports instead of the box's own counts (vLLM). */
  reported: VllmGauges;
  /** The models in memory now. */
  resident(): string[];
  /** Answers wait from now until the returned function is called. */
  hold(): () => void;
  close(): Promise<void>;
}

/** Resolves true once `promise` settled, false as soon as `signal` fires. */
function waitUnlessAborted(promise: Promise<unknown>, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = () => resolve(false);
    signal.addEventListener('abort', onAbort, { once: true });
    void promise.then(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(!signal.aborted);
    });
  });
}

/** The box's own places: first come, first served, a place given back by a request that left. */
function createPlaces(limit: number) {
  let busy = 0;
  type Waiter = { grant: () => void; granted: boolean };
  const queue: Waiter[] = [];
  const give = () => {
    const next = queue.shift();
    if (!next) return void (busy -= 1);
    next.granted = true;
    next.grant();
  };
  const take = async (signal: AbortSignal): Promise<boolean> => {
    if (limit === 0 || busy < limit) {
      busy += 1;
      return true;
    }
    const waiter: Waiter = { grant: () => undefined, granted: false };
    const turn = new Promise<void>((resolve) => (waiter.grant = resolve));
    queue.push(waiter);
    if (await waitUnlessAborted(turn, signal)) return true;
    if (waiter.granted) give();
    else queue.splice(queue.indexOf(waiter), 1);
    return false;
  };
  return { take, give, running: () => busy, waiting: () => queue.length };
}

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('close', () => resolve(undefined));
  });
}

function describeRequest(path: string, headers: IncomingHttpHeaders, rawBody: string): FleetRequest {
  const parsed = parseRecordedBody(rawBody);
  // Not a JSON object: recorded as it is, and the planners answer it with the server's own 400.
  const body = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<string, unknown>;
  const messages = Array.isArray(body.messages) ? (body.messages as Array<{ role?: unknown; content?: unknown }>) : [];
  const lastUser = messages.filter((message) => message?.role === 'user').at(-1);
  const text = lastUser ? readContentText(lastUser.content) : typeof body.prompt === 'string' ? body.prompt : '';
  const model = typeof body.model === 'string' ? body.model : '';
  return { path, model, text, headers, arrivedAt: performance.now(), cold: false, finished: false };
}

/** A vLLM `/metrics` page (prometheus_client's text format) with the three request gauges. */
function planVllmMetrics(model: string, gauges: Required<VllmGauges>): PlannedResponse {
  const families: Array<[string, string, number]> = [
    ['vllm:num_requests_running', 'Number of requests in model execution batches.', gauges.running],
    ['vllm:num_requests_waiting', 'Number of requests waiting to be processed.', gauges.waiting],
    ['vllm:kv_cache_usage_perc', 'KV-cache usage. 1 means 100 percent usage.', gauges.kvCacheUsage],
  ];
  // Python prints floats with a decimal point: 3.0, 0.25.
  const text = families
    .map(([name, help, value]) => `# HELP ${name} ${help}\n# TYPE ${name} gauge\n${name}{engine="0",model_name="${model}"} ${Number.isInteger(value) ? `${value}.0` : value}\n`)
    .join('');
  return { status: 200, headers: { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }, frames: [text], streamed: false, closingFrames: 0 };
}

function planVllmModels(models: string[]): PlannedResponse {
  const created = Math.floor(Date.now() / 1000);
  return planOpenAIJson(200, { object: 'list', data: models.map((id) => ({ id, object: 'model', created, owned_by: 'vllm', root: id, parent: null, max_model_len: 32768 })) });
}

/** The generated tokens a whole answer reports (Ollama `eval_count`, OpenAI `usage`), so it takes as long as its chunks. */
function countWholeTokens(text: string): number {
  const answer = parseRecordedBody(text) as { eval_count?: number; usage?: { completion_tokens?: number } } | string | undefined;
  return (typeof answer === 'object' && (answer.eval_count ?? answer.usage?.completion_tokens)) || 0;
}

export async function startFleetBox(options: FleetBoxOptions = {}): Promise<FleetBox> {
  const kind = options.kind ?? 'ollama';
  const models = [...(options.models ?? options.resident ?? [])];
  const resident = new Set(kind === 'vllm' ? models : (options.resident ?? []).map((name) => findOllamaModel(name, models) ?? name));
  const loading = new Map<string, Promise<void>>();
  const places = createPlaces(options.parallel ?? 0);
  // Aborted on close: ends cold loads under way.
  const closed = new AbortController();
  let held: Gate | undefined;
  let coldLoads = 0;

  const load = (model: string): Promise<void> => {
    const underWay = loading.get(model);
    if (underWay) return underWay;
    coldLoads += 1;
    const loaded = pause(options.coldLoadMs ?? 0, closed.signal).then((done) => {
      if (done) resident.add(model);
      loading.delete(model);
    });
    loading.set(model, loaded);
    return loaded;
  };
  const markServed = (name: string) => resident.add(name);
  const inference: Record<string, (exchange: Exchange) => PlannedResponse> =
    kind === 'vllm'
      ? { 'POST /v1/chat/completions': (exchange) => planOpenAIChat(exchange, 32768) }
      : { 'POST /api/chat': (exchange) => planOllamaChat(exchange, markServed) };
  const listings: Record<string, (exchange: Exchange) => PlannedResponse> =
    kind === 'vllm'
      ? {
          'GET /v1/models': () => planVllmModels(models),
          'GET /metrics': () => planVllmMetrics(models[0] ?? '', { running: places.running(), waiting: places.waiting(), kvCacheUsage: 0, ...box.reported }),
        }
      : {
          'GET /': () => planOllamaText(200, 'Ollama is running'),
          'GET /api/version': planOllamaVersion,
          'GET /api/tags': planOllamaTags,
          'GET /api/ps': (exchange) => planOllamaPs(exchange, resident),
        };

  /** Queue, cold load, hold, then the answer at the box's speed. */
  async function serveInference(record: FleetRequest, exchange: Exchange, res: ServerResponse, signal: AbortSignal, plan: (exchange: Exchange) => PlannedResponse): Promise<void> {
    box.requests.push(record);
    res.on('finish', () => (record.finished = true));
    if (!(await places.take(signal))) return;
    try {
      const model = kind === 'ollama' ? findOllamaModel(record.model, models) : undefined;
      if (model !== undefined && !resident.has(model)) {
        record.cold = true;
        if (!(await waitUnlessAborted(load(model), signal))) return;
      }
      if (held && !(await waitUnlessAborted(held.promise, signal))) return;
      record.startedAt = performance.now();
      let planned = plan(exchange);
      if (!planned.streamed) {
        const text = planned.frames.map((frame) => (typeof frame === 'function' ? frame() : frame)).join('');
        if (!(await pause(box.chunkDelayMs * countWholeTokens(text), signal))) return;
        planned = { ...planned, frames: [text] };
      }
      await sendPlannedResponse(res, planned, 'normal', { chunkDelayMs: box.chunkDelayMs, signal });
    } finally {
      places.give();
    }
  }

  async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Also fired by close(), which ends every socket.
    const controller = new AbortController();
    res.on('close', () => controller.abort());
    const rawBody = await readBody(req);
    if (rawBody === undefined) return;
    const path = new URL(req.url ?? '/', 'http://box').pathname;
    const key = `${req.method} ${path}`;
    const exchange: Exchange = { method: req.method ?? 'GET', path, headers: req.headers, rawBody, scenario: 'normal', models: [...models], embeddingDimensions: 8, inferenceInProgress: places.running() };
    const timing = { chunkDelayMs: 0, signal: controller.signal };
    const plan = inference[key];
    if (plan) return serveInference(describeRequest(path, req.headers, rawBody), exchange, res, controller.signal, plan);
    const listing = listings[key];
    const notFound = kind === 'vllm' ? planFastApiDetail(404) : planOllamaText(404, '404 page not found');
    await sendPlannedResponse(res, listing ? listing(exchange) : notFound, 'normal', timing);
  }

  const server = createServer((req, res) => {
    answer(req, res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let closing: Promise<void> | undefined;
  const box: FleetBox = {
    url,
    baseUrl: kind === 'vllm' ? `${url}/v1` : url,
    requests: [],
    get coldLoads() {
      return coldLoads;
    },
    running: places.running,
    waiting: places.waiting,
    chunkDelayMs: options.chunkDelayMs ?? 5,
    reported: {},
    resident: () => [...resident],
    hold() {
      const gate = (held ??= createGate());
      return () => {
        if (held === gate) held = undefined;
        gate.open();
      };
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        closed.abort();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
  return box;
}
