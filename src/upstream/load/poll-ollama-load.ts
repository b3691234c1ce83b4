/**
 * The load poller of an Ollama connection: `GET /api/ps`, below the base URL (which is
 * Ollama's server root, or the path a proxy serves it under). Ollama reports no queue of
 * its own, so a reading carries the loaded models only.
 */
import type { LoadPoller } from './load-poller.js';
import { parseOllamaPs } from './parse-ollama-ps.js';

export function createOllamaLoadPoller(basePath: string): LoadPoller {
  return async (read) => {
    const answer = await read(`${basePath}/api/ps`);
    const signals = answer.status === 200 ? parseOllamaPs(answer.text) : undefined;
    return signals && { sources: ['ollama_ps'], ...signals };
  };
}
