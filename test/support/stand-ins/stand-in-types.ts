/**
 * Types shared by the stand-in upstream servers (a fake Ollama, a fake vLLM and a fake
 * llama.cpp llama-server) that the test suite and `npm run demo` run on 127.0.0.1.
 */
import type { Scenario, ScenarioScope } from './stand-in-scenario.js';

/** One request as the stand-in received it, with what became of its connection. */
export interface RecordedRequest {
  method: string;
  /** Path without the query string, e.g. `/api/chat`. */
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** The parsed JSON body, the raw text when it is not JSON, or undefined when empty. */
  body: unknown;
  /** `performance.now()` when the request arrived. */
  receivedAt: number;
  /** `performance.now()` when the connection closed before the response was fully sent. */
  closedAt?: number;
  /** True once the response was fully sent. */
  finished: boolean;
  /** The scenario the request was answered with. */
  scenario: Scenario;
}

/** Options every stand-in accepts. */
export interface StandInOptions {
  /** Model names served; each stand-in has sensible defaults. */
  models?: string[];
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** Host to listen on; 127.0.0.1 by default. */
  host?: string;
  /** Delay between streamed chunks in milliseconds (default 5; 0 allowed). */
  chunkDelayMs?: number;
  /** Delay before the headers under `slow-first-byte` (default 2000 ms). */
  firstByteDelayMs?: number;
  /** Instance-wide scenario at start (default `normal`). */
  scenario?: Scenario;
  /** Whether the instance-wide scenario also hits listing and health endpoints. */
  scenarioScope?: ScenarioScope;
  /** Length of the deterministic embedding vectors (default 8). */
  embeddingDimensions?: number;
}

/** A running stand-in server. Every property but `url`, `port` and `requests` may be changed. */
export interface StandIn {
  /** `http://127.0.0.1:PORT`, the server root. */
  readonly url: string;
  readonly port: number;
  /** Every request received, oldest first. */
  readonly requests: RecordedRequest[];
  /** Instance-wide scenario; a `[scenario:…]` directive in a request overrides it. */
  scenario: Scenario;
  /** `inference` (default): the scenario hits only inference endpoints; `all`: every endpoint. */
  scenarioScope: ScenarioScope;
  chunkDelayMs: number;
  firstByteDelayMs: number;
  /** Replaces the served model names. */
  setModels(models: string[]): void;
  /** Stops listening, ends open (stalled or endless) responses and clears every timer. */
  close(): Promise<void>;
}

/** The OpenAI-compatible stand-in also exposes its `/v1` base. */
export interface OpenAIStandIn extends StandIn {
  /** `url + '/v1'`, what an OpenAI client or a gateway connection uses as base URL. */
  readonly baseUrl: string;
}
