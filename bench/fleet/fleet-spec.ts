/**
 * The stand-in fleet the fleet benchmark routes over: three Ollama boxes of unequal speed
 * and parallelism, each holding at most two models in memory, all serving the same four
 * models, and the mixed workload sent to them. One definition, read by the stand-in
 * process, the gateway's config and the report alike.
 */

export interface BoxSpec {
  /** Also the gateway connection's name. */
  name: string;
  /** Models in memory at start, least recently used first. */
  resident: readonly string[];
  /** Models it holds at most; loading one more evicts the least recently used idle one. */
  capacity: number;
  /** Requests it generates for at once (OLLAMA_NUM_PARALLEL); more wait in order. */
  parallel: number;
  /** Generation speed of every model on this box. */
  tokensPerSecond: number;
  /** What loading a model that is not in memory costs before its first token. */
  coldLoadMs: number;
}

/** Most popular first; ids as Ollama names them, with the tag `/api/ps` always carries. */
export const fleetModels: readonly string[] = ['llama3.2:3b', 'qwen2.5:7b', 'mistral:7b', 'gemma2:9b'];

const [first, second, third, fourth] = fleetModels as [string, string, string, string];

/** Every model is in memory somewhere at start; the popular ones on two boxes. */
export const fleetBoxes: readonly BoxSpec[] = [
  { name: 'box-a', resident: [second, first], capacity: 2, parallel: 4, tokensPerSecond: 400, coldLoadMs: 300 },
  { name: 'box-b', resident: [third, first], capacity: 2, parallel: 2, tokensPerSecond: 250, coldLoadMs: 300 },
  { name: 'box-c', resident: [fourth, second], capacity: 2, parallel: 2, tokensPerSecond: 160, coldLoadMs: 300 },
];

export interface FleetWorkload {
  requests: number;
  /** Clients sending at once, each the next request as soon as its answer has ended. */
  clients: number;
  /** Tokens in every streamed answer. */
  tokens: number;
  /** Zipf exponent of the models' popularity: the k-th model is asked for ∝ 1 / k^s. */
  skew: number;
  /** The same seed gives both strategies the same requests in the same order. */
  seed: number;
  /** Requests not sent within this long of the start are left out (and counted). */
  timeLimitMs: number;
}

export function fleetWorkload(quick: boolean): FleetWorkload {
  return { requests: quick ? 200 : 500, clients: 8, tokens: 32, skew: 1, seed: 20_240_801, timeLimitMs: quick ? 20_000 : 90_000 };
}
