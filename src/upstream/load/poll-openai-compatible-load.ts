/**
 * The load poller of an OpenAI-compatible connection, which may be a vLLM, a llama-server
 * (plain or in router mode) or something with no load signals at all (LM Studio). The
 * first poll finds out which by asking, from the server root, vLLM's `/metrics`, then
 * llama-server's `/slots` (and its `/metrics`, answered with `--metrics`), then a router's
 * `/models`; later polls ask only what answered. When that stops answering, the next poll
 * asks everything again (a box may have been replaced by another server).
 */
import type { LoadSignals, LoadReading, LoadSource } from './load-snapshot.js';
import type { LoadPoller, ReadLoadPath } from './load-poller.js';
import type { LoadAnswer } from './fetch-load-text.js';
import { parseLlamaMetrics } from './parse-llama-metrics.js';
import { parseLlamaRouterModels } from './parse-llama-router-models.js';
import { parseLlamaSlots } from './parse-llama-slots.js';
import { parseVllmMetrics } from './parse-vllm-metrics.js';

interface Probe {
  source: LoadSource;
  path: string;
  parse(text: string): LoadSignals | undefined;
}

/** What is asked on discovery, in order: the first group with an answer wins. */
function discoveryGroups(root: string): Probe[][] {
  return [
    [{ source: 'vllm_metrics', path: `${root}/metrics`, parse: parseVllmMetrics }],
    [
      { source: 'llama_slots', path: `${root}/slots`, parse: parseLlamaSlots },
      { source: 'llama_metrics', path: `${root}/metrics`, parse: parseLlamaMetrics },
    ],
    [{ source: 'llama_router', path: `${root}/models`, parse: parseLlamaRouterModels }],
  ];
}

/** Reads each path once per poll, however many probes share it (`/metrics` is read as vLLM's and llama-server's). */
function readOnce(read: ReadLoadPath): (path: string) => Promise<LoadAnswer | undefined> {
  const answers = new Map<string, Promise<LoadAnswer | undefined>>();
  return (path) => {
    let answer = answers.get(path);
    if (!answer) {
      answer = read(path).catch(() => undefined);
      answers.set(path, answer);
    }
    return answer;
  };
}

/** The probes of `group` that answered, and their signals merged (a later probe's count wins). */
async function askGroup(group: Probe[], read: (path: string) => Promise<LoadAnswer | undefined>): Promise<{ answered: Probe[]; reading: LoadReading } | undefined> {
  const answered: Probe[] = [];
  let signals: LoadSignals = {};
  for (const probe of group) {
    const answer = await read(probe.path);
    const parsed = answer?.status === 200 ? probe.parse(answer.text) : undefined;
    if (!parsed) continue;
    answered.push(probe);
    signals = { ...signals, ...parsed };
  }
  if (answered.length === 0) return undefined;
  return { answered, reading: { sources: answered.map((probe) => probe.source), ...signals } };
}

/** `root` is the server root's path (see `serverRootOf`). */
export function createOpenAICompatibleLoadPoller(root: string): LoadPoller {
  const groups = discoveryGroups(root);
  let remembered: Probe[] = [];
  return async (read) => {
    const readPath = readOnce(read);
    if (remembered.length > 0) {
      const found = await askGroup(remembered, readPath);
      remembered = found?.answered ?? [];
      return found?.reading;
    }
    for (const group of groups) {
      const found = await askGroup(group, readPath);
      if (found) {
        remembered = found.answered;
        return found.reading;
      }
    }
    return undefined;
  };
}
