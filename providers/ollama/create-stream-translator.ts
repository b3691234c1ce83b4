import { z } from 'zod';
import type { StreamTranslator, TranslateContext } from '../../core/adapter.js';
import type { Usage } from '../../core/openai-types.js';
import { upstreamError } from '../../core/gateway-error.js';
import { readReply, readReplyCreated, readReplyUsage } from './read-reply.js';
import type { OllamaReply } from './ollama-types.js';

/** What one endpoint's stream translation adds to the shared NDJSON bookkeeping. */
export interface StreamLineHandlers<Chunk> {
  /** Chunks for one line's content (the `done` line included). */
  translateLine(reply: OllamaReply, created: number): Chunk[];
  /** Closing chunks, after the `done: true` line's content. */
  finish(reply: OllamaReply, created: number, usage: Usage): Chunk[];
}

/**
 * The part of an Ollama stream translation both chat and legacy completions share: one
 * `created` for the whole stream (the first line's `created_at`), error lines turned into
 * upstream errors, the end checked (a body that ends before the `done: true` line is an
 * error), and the token counts kept once the last line reports them. Lines after the
 * `done` line are ignored: Ollama never sends any, and the client already has its answer.
 */
export function createStreamTranslator<Chunk>(handlers: StreamLineHandlers<Chunk>, context: TranslateContext): StreamTranslator<Chunk> {
  let created: number | undefined;
  let finished = false;
  let usage: Usage | undefined;
  return {
    push(frame: unknown): Chunk[] {
      if (finished) {
        return [];
      }
      const reply = readReply(frame);
      created ??= readReplyCreated(reply, context.now);
      const chunks = handlers.translateLine(reply, created);
      if (reply.done) {
        finished = true;
        usage = readReplyUsage(reply);
        chunks.push(...handlers.finish(reply, created, usage));
      }
      return chunks;
    },
    end(): Chunk[] {
      if (!finished) {
        throw upstreamError('The Ollama stream ended before it was complete (no line with "done": true).', 'disconnected');
      }
      return [];
    },
    get usage(): Usage | undefined {
      return usage;
    },
  };
}

const includeUsageSchema = z
  .object({ stream_options: z.object({ include_usage: z.boolean().optional() }).loose().nullish() })
  .loose();

/** Whether the client asked for the final usage chunk (`stream_options.include_usage`). */
export function readIncludeUsage(body: unknown): boolean {
  const parsed = includeUsageSchema.safeParse(body);
  return parsed.success && parsed.data.stream_options?.include_usage === true;
}
