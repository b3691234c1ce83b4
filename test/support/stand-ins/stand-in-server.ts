/**
 * The HTTP plumbing every stand-in shares: listening on 127.0.0.1, recording requests,
 * choosing the scenario, applying the faults that happen before an answer exists, the
 * socket handling an answer asks for, and closing without leaving a timer or a socket
 * behind.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { answerAndLinger } from './answer-and-linger.js';
import { createRecordedRequest, parseRecordedBody, watchResponse } from './request-log.js';
import { pause, resetConnection, sendPlannedResponse, type PlannedResponse } from './send-planned-response.js';
import { SocketHandling } from './socket-handling.js';
import { findScenarioDirective, type Scenario } from './stand-in-scenario.js';
import type { StandIn, StandInOptions } from './stand-in-types.js';

/** One request as a protocol sees it. */
export interface Exchange {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  rawBody: string;
  scenario: Scenario;
  /** Served model names at the time of the request. */
  models: string[];
  embeddingDimensions: number;
  /** Inference requests being answered right now, this one included when it is one. */
  inferenceInProgress: number;
}

/** What makes a stand-in an Ollama or a vLLM. */
export interface StandInProtocol {
  /** Inference endpoints are the ones instance-wide scenarios hit by default. */
  isInference(method: string, path: string): boolean;
  /** The text a `[scenario:…]` directive is looked for in (last user message, prompt or input). */
  findDirectiveText(body: unknown): string;
  /** An answer that overrides everything (e.g. a missing API key), or undefined. */
  authorize?(exchange: Exchange): PlannedResponse | undefined;
  route(exchange: Exchange): PlannedResponse;
  /** The upstream's own 500 and 429 answers. */
  serverError(exchange: Exchange): PlannedResponse;
  rateLimited(exchange: Exchange): PlannedResponse;
  /** How long an idle keep-alive socket stays open (Node's timing, 5 s and a second, otherwise). */
  idleTimeoutMs?: number;
}

export interface StandInDefaults {
  models: string[];
}

const htmlPage = '<!DOCTYPE html>\n<html><head><title>Sign in</title></head><body><h1>Please sign in to continue</h1></body></html>\n';

/** The request body, or undefined when the client went away before sending all of it. */
function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(undefined));
    req.on('close', () => resolve(undefined));
  });
}

function planHtmlPage(): PlannedResponse {
  return { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, frames: [htmlPage], streamed: false, closingFrames: 0 };
}

function planInternalFailure(error: unknown): PlannedResponse {
  const message = error instanceof Error ? error.message : String(error);
  const headers = { 'content-type': 'text/plain; charset=utf-8' };
  return { status: 500, headers, frames: [`stand-in failure: ${message}\n`], streamed: false, closingFrames: 0 };
}

/** A directive in an inference request wins; the instance scenario applies within its scope. */
function chooseScenario(protocol: StandInProtocol, standIn: StandIn, method: string, path: string, body: unknown): Scenario {
  const inference = protocol.isInference(method, path);
  const directive = inference ? findScenarioDirective(protocol.findDirectiveText(body)) : undefined;
  return directive ?? (inference || standIn.scenarioScope === 'all' ? standIn.scenario : 'normal');
}

/** Starts a stand-in speaking the given protocol. */
export async function startStandInServer(protocol: StandInProtocol, options: StandInOptions, defaults: StandInDefaults): Promise<StandIn> {
  let models = [...(options.models ?? defaults.models)];
  const activeExchanges = new Set<AbortController>();
  const sockets = new SocketHandling(protocol.idleTimeoutMs);
  let inferenceInProgress = 0;
  const standIn = {
    url: '',
    port: 0,
    requests: [],
    scenario: options.scenario ?? 'normal',
    scenarioScope: options.scenarioScope ?? 'inference',
    chunkDelayMs: options.chunkDelayMs ?? 5,
    firstByteDelayMs: options.firstByteDelayMs ?? 2000,
    setModels(names: string[]) {
      models = [...names];
    },
    close: async () => {},
  } satisfies StandIn as StandIn;

  async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // A socket the stand-in is about to close takes no new request, as a server that already closed it would not.
    if (sockets.refuses(req.socket)) return void req.socket.destroy();
    sockets.follow(res);
    const record = createRecordedRequest(req);
    standIn.requests.push(record);
    const controller = new AbortController();
    activeExchanges.add(controller);
    const inference = protocol.isInference(record.method, record.path);
    if (inference) inferenceInProgress += 1;
    watchResponse(record, res, () => {
      controller.abort();
      activeExchanges.delete(controller);
      if (inference) inferenceInProgress -= 1;
    });
    const rawBody = await readBody(req);
    if (rawBody === undefined) return;
    record.body = parseRecordedBody(rawBody);
    const scenario = chooseScenario(protocol, standIn, record.method, record.path, record.body);
    const exchange: Exchange = {
      method: record.method,
      path: record.path,
      headers: req.headers,
      rawBody,
      scenario,
      models: [...models],
      embeddingDimensions: options.embeddingDimensions ?? 8,
      inferenceInProgress,
    };
    const timing = { chunkDelayMs: standIn.chunkDelayMs, signal: controller.signal };
    const send = (plan: PlannedResponse, played: Scenario = 'normal'): Promise<void> => {
      if (plan.lingerMs !== undefined && played === 'normal') return answerAndLinger(res, plan, controller.signal, () => (record.finished = true));
      if (plan.closeAfterMs !== undefined) sockets.closeAfter(res, plan.closeAfterMs);
      return sendPlannedResponse(res, plan, played, timing);
    };
    const refusal = protocol.authorize?.(exchange);
    if (refusal !== undefined) return send(refusal);
    record.scenario = scenario;
    await play(exchange, res, controller.signal, send);
  }

  /** Answers under the exchange's scenario, faults before the answer included. */
  async function play(exchange: Exchange, res: ServerResponse, signal: AbortSignal, send: (plan: PlannedResponse, played?: Scenario) => Promise<void>): Promise<void> {
    const { scenario } = exchange;
    if (scenario === 'reset-before-response') return resetConnection(res, signal);
    if (scenario === 'slow-first-byte' && !(await pause(standIn.firstByteDelayMs, signal))) return;
    if (scenario === 'http-500') return send(protocol.serverError(exchange));
    if (scenario === 'http-429') return send(protocol.rateLimited(exchange));
    if (scenario === 'html-200') return send(planHtmlPage());
    const plan = protocol.route(exchange);
    if (scenario === 'error-line' && !plan.streamed) return send(protocol.serverError(exchange));
    await send(plan, scenario);
  }

  const server = createServer((req, res) => {
    answer(req, res).catch((error: unknown) => {
      if (res.headersSent) res.destroy();
      else void sendPlannedResponse(res, planInternalFailure(error), 'normal', { chunkDelayMs: 0, signal: new AbortController().signal });
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  Object.assign(standIn, {
    url: `http://${host}:${port}`,
    port,
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        for (const controller of activeExchanges) controller.abort();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  });
  return standIn;
}
