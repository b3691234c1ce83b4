/**
 * What Ollama answers, as loose Zod schemas: only the fields the adapter reads are checked,
 * and anything Ollama adds later passes through untouched.
 */
import { z } from 'zod';

const tokenCount = z.number().int().min(0).optional();

/**
 * A tool call as Ollama reports it. Arguments are a JSON object (not a string as in
 * OpenAI). Ollama 0.12 and later add an `id` (`call_` + 8 characters) and
 * `function.index`; older servers send neither.
 */
export const ollamaToolCallSchema = z
  .object({
    id: z.string().optional(),
    function: z
      .object({
        index: z.number().optional(),
        name: z.string(),
        arguments: z.union([z.record(z.string(), z.unknown()), z.string()]).nullish(),
      })
      .loose(),
  })
  .loose();

/** A token and its log probability; `bytes` are the token's raw bytes (left out when empty). */
const ollamaTokenLogprobSchema = z.object({ token: z.string(), logprob: z.number(), bytes: z.array(z.number()).nullish() }).loose();

/**
 * Log probabilities of the tokens a reply line carries, with `logprobs: true` in the
 * request (Ollama 0.12.11 and later); `top_logprobs` only when it asked for alternatives.
 */
export const ollamaLogprobSchema = ollamaTokenLogprobSchema.extend({ top_logprobs: z.array(ollamaTokenLogprobSchema).nullish() });

/**
 * One `/api/chat` or `/api/generate` reply: a whole response, or one line of a stream.
 * Chat replies carry `message`, generate replies carry `response` (and `context` on the
 * last line); both end with `done: true`, `done_reason` and the token counts.
 */
export const ollamaReplySchema = z
  .object({
    model: z.string().optional(),
    created_at: z.string().optional(),
    message: z
      .object({
        role: z.string().optional(),
        content: z.string().nullish(),
        thinking: z.string().nullish(),
        tool_calls: z.array(ollamaToolCallSchema).nullish(),
      })
      .loose()
      .optional(),
    response: z.string().nullish(),
    thinking: z.string().nullish(),
    tool_calls: z.array(ollamaToolCallSchema).nullish(),
    done: z.boolean(),
    done_reason: z.string().nullish(),
    prompt_eval_count: tokenCount,
    eval_count: tokenCount,
    logprobs: z.array(ollamaLogprobSchema).nullish(),
  })
  .loose();

/** `POST /api/embed`: one vector per input, in input order. */
export const ollamaEmbedSchema = z
  .object({
    embeddings: z.array(z.array(z.number())),
    prompt_eval_count: tokenCount,
  })
  .loose();

/** `GET /api/tags`: the models stored on the server. */
export const ollamaTagsSchema = z
  .object({
    models: z
      .array(
        z
          .object({
            name: z.string().min(1),
            model: z.string().optional(),
            modified_at: z.string().optional(),
            size: z.number().optional(),
            digest: z.string().optional(),
            details: z
              .object({
                parent_model: z.string().nullish(),
                format: z.string().nullish(),
                family: z.string().nullish(),
                families: z.array(z.string()).nullish(),
                parameter_size: z.string().nullish(),
                quantization_level: z.string().nullish(),
              })
              .loose()
              .nullish(),
          })
          .loose(),
      )
      .nullable(),
  })
  .loose();

/** Ollama's error body, both as an HTTP answer and as a line inside a stream. */
export const ollamaErrorSchema = z.object({ error: z.string() }).loose();

export type OllamaToolCall = z.infer<typeof ollamaToolCallSchema>;
export type OllamaLogprob = z.infer<typeof ollamaLogprobSchema>;
export type OllamaReply = z.infer<typeof ollamaReplySchema>;
