/**
 * Reads `usage` from an OpenAI-shaped response as it passes through, without holding it
 * back: the caller hands each chunk over and writes it to the client at once.
 *
 * - SSE streams are scanned line by line; only lines carrying a usage object are parsed
 *   (vLLM's completion chunks all say `"usage": null`). With `continuous_usage_stats`
 *   every chunk carries the running total, so the last one read wins.
 * - JSON bodies are copied aside and parsed once complete. Past `wholeBodyLimit` (large
 *   embedding answers) only the last `tailLimit` bytes are kept and the usage object is
 *   read from them: vLLM, OpenAI and llama.cpp all put `usage` after the data, and the work
 *   per response stays bounded whatever its size.
 */
import { StringDecoder } from 'node:string_decoder';
import type { Usage } from '../../core/openai-types.js';

const wholeBodyLimit = 256 * 1024;
const tailLimit = 64 * 1024;
const maxLineLength = 64 * 1024;
const usageObjectPattern = /"(?:usage|timings)"\s*:\s*\{|"eval_count"\s*:/;
// A usage object holds numbers and at most one level of detail objects (`prompt_tokens_details`).
const usageInTailPattern = /"usage"\s*:\s*(\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\})/g;

export type UsageFraming = 'sse' | 'ndjson' | 'json' | 'none';

function readUsageObject(value: unknown): Usage | undefined {
  const usage = value as Partial<Record<keyof Usage, unknown>> | null | undefined;
  if (!usage || typeof usage !== 'object' || typeof usage.prompt_tokens !== 'number') return undefined;
  const completion = typeof usage.completion_tokens === 'number' ? usage.completion_tokens : 0;
  const total = typeof usage.total_tokens === 'number' ? usage.total_tokens : usage.prompt_tokens + completion;
  return { prompt_tokens: usage.prompt_tokens, completion_tokens: completion, total_tokens: total };
}

/**
 * llama-server's `timings`, sent on every answer whether or not usage was asked for:
 * `cache_n + prompt_n` prompt tokens (cached and new), `predicted_n` completion tokens.
 */
function readTimings(value: unknown): Usage | undefined {
  const timings = value as { prompt_n?: unknown; cache_n?: unknown; predicted_n?: unknown } | null | undefined;
  if (!timings || typeof timings !== 'object' || typeof timings.prompt_n !== 'number' || typeof timings.predicted_n !== 'number') return undefined;
  const prompt = timings.prompt_n + (typeof timings.cache_n === 'number' ? timings.cache_n : 0);
  return { prompt_tokens: prompt, completion_tokens: timings.predicted_n, total_tokens: prompt + timings.predicted_n };
}

/** Ollama's native counts, on a whole answer or a stream's `done` line (absent means 0: Go's omitempty). */
function readOllamaCounts(value: { prompt_eval_count?: unknown; eval_count?: unknown } | null | undefined): Usage | undefined {
  if (!value || (typeof value.eval_count !== 'number' && typeof value.prompt_eval_count !== 'number')) return undefined;
  const prompt = typeof value.prompt_eval_count === 'number' ? value.prompt_eval_count : 0;
  const completion = typeof value.eval_count === 'number' ? value.eval_count : 0;
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
}

/** A usage object when the answer has one; else what llama-server's `timings` or Ollama's counts say. */
function readUsage(value: unknown): Usage | undefined {
  const answer = value as { usage?: unknown; timings?: unknown; prompt_eval_count?: unknown; eval_count?: unknown } | null;
  return readUsageObject(answer?.usage) ?? readTimings(answer?.timings) ?? readOllamaCounts(answer);
}

/** The last usage object in a piece of JSON text that may start mid-document. */
function findUsageInTail(text: string): Usage | undefined {
  let found: Usage | undefined;
  for (const match of text.matchAll(usageInTailPattern)) {
    try {
      found = readUsageObject(JSON.parse(match[1] ?? '')) ?? found;
    } catch {
      // Not a usage object after all.
    }
  }
  return found;
}

export class UsageSniffer {
  usage: Usage | undefined;
  private tail = '';
  private parts: Buffer[] = [];
  private kept = 0;
  private truncated = false;
  // Made only for SSE: a JSON body is decoded once, whole.
  private readonly decoder: StringDecoder | undefined;

  constructor(private readonly framing: UsageFraming) {
    this.decoder = framing === 'sse' || framing === 'ndjson' ? new StringDecoder('utf8') : undefined;
  }

  push(chunk: Buffer): void {
    if (this.decoder) this.scanEvents(this.decoder.write(chunk));
    else if (this.framing === 'json') this.copyAside(chunk);
  }

  end(): void {
    if (this.decoder) this.scanEvents(`${this.decoder.end()}\n`);
    if (this.framing !== 'json' || this.parts.length === 0) return;
    const text = Buffer.concat(this.parts).toString('utf8');
    this.parts = [];
    if (this.truncated) {
      this.usage = findUsageInTail(text) ?? this.usage;
      return;
    }
    try {
      this.usage = readUsage(JSON.parse(text)) ?? this.usage;
    } catch {
      // Not JSON after all: there is simply no usage to count.
    }
  }

  /** Keeps the whole body while it is small, then only its last `tailLimit` bytes. */
  private copyAside(chunk: Buffer): void {
    this.parts.push(chunk);
    this.kept += chunk.length;
    if (!this.truncated && this.kept <= wholeBodyLimit) return;
    this.truncated = true;
    while (this.parts.length > 1 && this.kept - (this.parts[0]?.length ?? 0) >= tailLimit) {
      this.kept -= this.parts.shift()?.length ?? 0;
    }
    // One chunk larger than the window: keep its end only.
    const only = this.parts[0];
    if (this.parts.length === 1 && only && only.length > tailLimit) {
      this.parts[0] = only.subarray(only.length - tailLimit);
      this.kept = tailLimit;
    }
  }

  private scanEvents(text: string): void {
    if (!text.includes('\n')) {
      // A usage chunk is small; a longer unfinished line is not kept, so the work stays linear.
      this.tail = this.tail.length + text.length > maxLineLength ? '' : this.tail + text;
      return;
    }
    const lines = (this.tail + text).split('\n');
    this.tail = lines.pop() ?? '';
    if (this.tail.length > maxLineLength) this.tail = '';
    for (const line of lines) {
      // SSE carries JSON after `data:`; NDJSON (Ollama's native streams) is JSON alone on its line.
      const json = this.framing === 'sse' ? (line.startsWith('data:') ? line.slice(5) : undefined) : line;
      if (json === undefined || !usageObjectPattern.test(json)) continue;
      try {
        this.usage = readUsage(JSON.parse(json)) ?? this.usage;
      } catch {
        // A line we cannot read is the client's business, not the metrics'.
      }
    }
  }
}

export function framingOf(contentType: string | undefined, contentEncoding: string | undefined): UsageFraming {
  if (contentEncoding && contentEncoding !== 'identity') return 'none';
  if (contentType?.startsWith('text/event-stream')) return 'sse';
  if (contentType?.includes('ndjson')) return 'ndjson';
  if (contentType?.includes('json')) return 'json';
  return 'none';
}
