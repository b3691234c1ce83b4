import { z } from 'zod';
import type { StreamTranslator, TranslateContext } from '../../core/adapter.js';
import type { Usage } from '../../core/openai-types.js';
import { upstreamError } from '../../core/gateway-error.js';

/** Loose on purpose: vLLM, llama-server and LM Studio each add fields of their own. */
const usageSchema = z.object({ prompt_tokens: z.number(), completion_tokens: z.number().optional(), total_tokens: z.number().optional() }).loose();
const answerSchema = z.object({ usage: usageSchema.nullish(), error: z.unknown().optional() }).loose();

function readUsage(value: z.infer<typeof usageSchema> | null | undefined): Usage | undefined {
  if (!value) return undefined;
  const completion = value.completion_tokens ?? 0;
  return { prompt_tokens: value.prompt_tokens, completion_tokens: completion, total_tokens: value.total_tokens ?? value.prompt_tokens + completion };
}

function readObject(body: unknown, what: string): z.infer<typeof answerSchema> {
  const parsed = answerSchema.safeParse(body);
  if (!parsed.success) throw upstreamError(`The upstream answered with something other than ${what}.`, 'bad_response');
  // llama-server and vLLM report a failure after the stream started as an `error` event.
  if (parsed.data.error !== undefined) throw upstreamError(`The upstream failed: ${JSON.stringify(parsed.data.error).slice(0, 200)}`, 'http_5xx');
  return parsed.data;
}

/** A whole OpenAI answer, kept as the upstream gave it (its `model` included). */
export function readAnswer<Response>(body: unknown, _request: unknown, _context: TranslateContext): { response: Response; usage: Usage | undefined } {
  const answer = readObject(body, 'an OpenAI answer');
  return { response: answer as Response, usage: readUsage(answer.usage) };
}

/**
 * A streamed OpenAI answer, chunk by chunk as the upstream sent it. The end is checked: a
 * stream whose last chunk never carried a `finish_reason` was cut short.
 */
export function readAnswerStream<Chunk>(): StreamTranslator<Chunk> {
  let usage: Usage | undefined;
  let finished = false;
  return {
    push(frame: unknown): Chunk[] {
      const chunk = readObject(frame, 'an OpenAI stream chunk');
      usage = readUsage(chunk.usage) ?? usage;
      const choices = (chunk as { choices?: Array<{ finish_reason?: unknown }> }).choices;
      if (choices?.some((choice) => choice.finish_reason !== null && choice.finish_reason !== undefined)) finished = true;
      return [chunk as Chunk];
    },
    end(): Chunk[] {
      if (!finished) throw upstreamError('The upstream stream ended before its last chunk (no finish_reason).', 'disconnected');
      return [];
    },
    get usage() {
      return usage;
    },
  };
}
