/**
 * Whether a connection holds a model in memory, as routing needs it: from the upstream's
 * own list where it has one (Ollama `/api/ps`, a llama-server router's `/models`); true
 * where the server only ever serves what it loaded at start (vLLM, a plain llama-server);
 * undefined when nothing is known (no signal read, `load_metrics: none`, LM Studio).
 */
import type { LoadSnapshot, LoadSource } from './load-snapshot.js';

/** Servers that load their model at start and serve nothing else. */
const alwaysLoaded: ReadonlySet<LoadSource> = new Set(['vllm_metrics', 'llama_slots', 'llama_metrics']);

export function isModelLoaded(snapshot: LoadSnapshot | undefined, upstreamModel: string): boolean | undefined {
  if (!snapshot) return undefined;
  if (snapshot.loadedModels) {
    const wanted = withTag(upstreamModel);
    return snapshot.loadedModels.some((loaded) => withTag(loaded.model) === wanted);
  }
  return snapshot.sources.some((source) => alwaysLoaded.has(source)) ? true : undefined;
}

/**
 * Ollama reads a name without a tag as `:latest` (`llama3.2` is `llama3.2:latest`), and
 * `/api/ps` always names the tag. The tag is after a colon in the last path segment, so
 * `hf.co/org/model:Q4_K_M` has one and a host with a port does not make one.
 */
function withTag(name: string): string {
  const lastSegment = name.slice(name.lastIndexOf('/') + 1);
  return lastSegment.includes(':') ? name : `${name}:latest`;
}
