/**
 * What the gateway knows about an upstream's own load at one moment: the models it holds
 * in memory and the requests it reports running and waiting. Every field is optional: a
 * field that is absent was not reported, which routing reads as "unknown", never as zero.
 */

/** Which upstream answer a reading came from. */
export type LoadSource =
  /** Ollama `GET /api/ps`: the models held in memory. */
  | 'ollama_ps'
  /** vLLM `GET /metrics` (server root): running, waiting, KV-cache usage. */
  | 'vllm_metrics'
  /** llama-server `GET /slots`: busy and total slots. */
  | 'llama_slots'
  /** llama-server `GET /metrics` (`--metrics`): requests processing and deferred. */
  | 'llama_metrics'
  /** llama-server in router mode, `GET /models`: each model's status. */
  | 'llama_router';

export interface LoadedModel {
  /** The model as the upstream names it (the upstream id routing knows it by). */
  model: string;
  /** When the upstream will unload it (Ollama's `expires_at`, RFC 3339), if it says. */
  expiresAt?: string;
  /** The context the model was loaded with, if the upstream says. */
  contextLength?: number;
}

/** The signals one upstream answer carries. */
export interface LoadSignals {
  /** The models in memory; undefined = not known (the upstream does not say). */
  loadedModels?: LoadedModel[];
  /** Requests the upstream is working on, from every client. */
  running?: number;
  /** Requests the upstream holds waiting for a free slot or batch place. */
  waiting?: number;
  /** Fraction (0…1) of the KV cache in use (vLLM). */
  kvCacheUsage?: number;
  /** llama-server's parallel slots. */
  slots?: { busy: number; total: number };
}

/** The signals of one poll, with the answers they came from. */
export interface LoadReading extends LoadSignals {
  sources: LoadSource[];
}

export interface LoadSnapshot extends LoadReading {
  /** When the poll that produced it ended (epoch ms). */
  readAt: number;
}
