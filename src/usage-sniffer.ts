/**
 * Reads `usage` from an OpenAI-shaped response as it passes through, without holding it
 * back: SSE streams are scanned line by line (only lines mentioning "usage" are parsed),
 * JSON bodies are copied aside up to a limit and parsed once complete.
 */
import type { Usage } from './openai-types.js';

const jsonCopyLimit = 4 * 1024 * 1024;

function readUsage(value: unknown): Usage | undefined {
  const usage = (value as { usage?: unknown } | null)?.usage as Partial<Usage> | null | undefined;
  if (!usage || typeof usage.prompt_tokens !== 'number') return undefined;
  const completion = typeof usage.completion_tokens === 'number' ? usage.completion_tokens : 0;
  return { prompt_tokens: usage.prompt_tokens, completion_tokens: completion, total_tokens: usage.total_tokens ?? usage.prompt_tokens + completion };
}

export class UsageSniffer {
  usage: Usage | undefined;
  private tail = '';
  private readonly parts: Buffer[] = [];
  private copied = 0;
  private readonly decoder = new TextDecoder();

  constructor(private readonly framing: 'sse' | 'json' | 'none') {}

  push(chunk: Buffer): void {
    if (this.framing === 'sse') this.scanEvents(this.decoder.decode(chunk, { stream: true }));
    else if (this.framing === 'json' && this.copied + chunk.length <= jsonCopyLimit) {
      this.parts.push(chunk);
      this.copied += chunk.length;
    }
  }

  end(): void {
    if (this.framing === 'sse') this.scanEvents('\n');
    if (this.framing !== 'json' || this.parts.length === 0) return;
    try {
      this.usage = readUsage(JSON.parse(Buffer.concat(this.parts).toString('utf8'))) ?? this.usage;
    } catch {
      // Not JSON after all: there is simply no usage to count.
    }
  }

  private scanEvents(text: string): void {
    const lines = (this.tail + text).split('\n');
    this.tail = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.startsWith('data:') || !line.includes('"usage"')) continue;
      try {
        this.usage = readUsage(JSON.parse(line.slice(5))) ?? this.usage;
      } catch {
        // A line we cannot read is the client's business, not the metrics'.
      }
    }
  }
}

export function framingOf(contentType: string | undefined, contentEncoding: string | undefined): 'sse' | 'json' | 'none' {
  if (contentEncoding && contentEncoding !== 'identity') return 'none';
  if (contentType?.startsWith('text/event-stream')) return 'sse';
  if (contentType?.includes('json')) return 'json';
  return 'none';
}
