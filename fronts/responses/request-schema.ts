/**
 * The body of `POST /v1/responses`, validated once at the edge. Loose for the fields the
 * gateway does not act on (`include`, `truncation`, `service_tier`, `prompt_cache_key`, …);
 * strict where a wrong value would silently change the answer: only function tools, only
 * function tool choices, the three text formats. Nullable fields accept `null`, which the
 * SDKs send for "not set".
 */
import { z } from 'zod';
import { reasoningEffortSchema } from '../../core/openai-types.js';
import { inputItemSchema } from './input-item-schema.js';

const finiteNumber = z.number().refine(Number.isFinite, 'must be a finite number');

/**
 * Responses tools are flat (`{type, name, parameters}`), not nested under `function` as in
 * chat. Built-in tools (`web_search`, `file_search`, `computer_use_preview`, `mcp`, …) run
 * on OpenAI's side; no backend here has them, so their `type` is refused by name.
 */
const functionToolSchema = z
  .object({
    type: z.literal('function'),
    name: z.string().min(1),
    description: z.string().nullish(),
    parameters: z.record(z.string(), z.unknown()).nullish(),
    strict: z.boolean().nullish(),
  })
  .loose();

const toolChoiceSchema = z.union([
  z.enum(['auto', 'none', 'required']),
  z.discriminatedUnion('type', [z.object({ type: z.literal('function'), name: z.string().min(1) }).loose()]),
]);

const textFormatSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text') }).loose(),
  z.object({ type: z.literal('json_object') }).loose(),
  z
    .object({
      type: z.literal('json_schema'),
      name: z.string().min(1),
      schema: z.record(z.string(), z.unknown()),
      description: z.string().nullish(),
      strict: z.boolean().nullish(),
    })
    .loose(),
]);

/**
 * A bare string is one user message, as OpenAI reads it; it is made one here so that
 * everything past the edge (translation, stored conversations) sees a list of items.
 */
function readInputList(input: unknown): unknown {
  return typeof input === 'string' ? [{ type: 'message', role: 'user', content: input }] : input;
}

export const responsesRequestSchema = z
  .object({
    model: z.string().min(1),
    input: z.preprocess(readInputList, z.array(inputItemSchema)),
    /** A system message put first; not carried over by `previous_response_id`. */
    instructions: z.string().nullish(),
    tools: z.array(z.discriminatedUnion('type', [functionToolSchema])).nullish(),
    tool_choice: toolChoiceSchema.nullish(),
    max_output_tokens: z.number().int().min(1).nullish(),
    temperature: finiteNumber.min(0).max(2).nullish(),
    top_p: finiteNumber.min(0).max(1).nullish(),
    reasoning: z.object({ effort: reasoningEffortSchema.nullish(), summary: z.string().nullish() }).loose().nullish(),
    text: z.object({ format: textFormatSchema.optional(), verbosity: z.string().nullish() }).loose().nullish(),
    stream: z.boolean().nullish(),
    /** OpenAI keeps every response unless told not to. */
    store: z
      .boolean()
      .nullish()
      .transform((value) => value ?? true),
    previous_response_id: z.string().min(1).nullish(),
    user: z.string().nullish(),
    metadata: z.record(z.string(), z.string()).nullish(),
    parallel_tool_calls: z.boolean().nullish(),
  })
  .loose();

export type ResponsesRequest = z.infer<typeof responsesRequestSchema>;
export type FunctionTool = z.infer<typeof functionToolSchema>;
export type ToolChoice = z.infer<typeof toolChoiceSchema>;
export type TextFormat = z.infer<typeof textFormatSchema>;
