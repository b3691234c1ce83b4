/**
 * The items a Responses request's `input` may hold, and the parts of their content. Loose
 * for fields the gateway does not use (`id`, `status`, `phase`, `annotations`), strict
 * about item and part types: an item type no chat backend can be given (`item_reference`,
 * `web_search_call`, `input_file`, …) is a 400 naming `input[i].type` rather than
 * something silently left out of the conversation.
 */
import { z } from 'zod';

const inputTextPart = z.object({ type: z.literal('input_text'), text: z.string() }).loose();

/**
 * An image by URL, passed on as chat's `image_url` (data URLs reach every backend; http(s)
 * URLs only those that fetch them, not Ollama). A `file_id` names a file in OpenAI's Files
 * API, which the gateway does not have, so it is refused here at the edge, where `param`
 * still names the field the client sent.
 */
const inputImagePart = z
  .object({
    type: z.literal('input_image'),
    image_url: z.string().nullish(),
    file_id: z.string().nullish(),
    detail: z.string().nullish(),
  })
  .loose()
  .superRefine((part, context) => {
    if (part.file_id !== undefined && part.file_id !== null) {
      context.addIssue({
        code: 'custom',
        path: ['file_id'],
        message: 'file ids are not supported by this gateway (it has no Files API); send the image as image_url, for example a data URL',
      });
    } else if (part.image_url === undefined || part.image_url === null) {
      context.addIssue({ code: 'custom', path: ['image_url'], message: 'an input_image needs an image_url' });
    }
  });

/** Assistant history, as a previous response's output sent back. */
const outputTextPart = z.object({ type: z.literal('output_text'), text: z.string() }).loose();
const refusalPart = z.object({ type: z.literal('refusal'), refusal: z.string() }).loose();

const contentPart = z.discriminatedUnion('type', [inputTextPart, inputImagePart, outputTextPart, refusalPart]);

const messageItem = z
  .object({
    type: z.literal('message'),
    role: z.enum(['user', 'assistant', 'system', 'developer']),
    content: z.union([z.string(), z.array(contentPart)]),
  })
  .loose();

const functionCallItem = z
  .object({
    type: z.literal('function_call'),
    call_id: z.string().min(1),
    name: z.string().min(1),
    arguments: z.string(),
  })
  .loose();

const functionCallOutputItem = z
  .object({
    type: z.literal('function_call_output'),
    call_id: z.string().min(1),
    output: z.union([z.string(), z.array(z.discriminatedUnion('type', [inputTextPart, inputImagePart]))]),
  })
  .loose();

/** Kept so a previous response's output can be sent back whole; chat backends get none of it. */
const reasoningItem = z.object({ type: z.literal('reasoning') }).loose();

/** The short form `{role, content}` (EasyInputMessage) is a message without its `type`. */
function addMessageType(value: unknown): unknown {
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && !('type' in value) && 'role' in value) {
    return { ...value, type: 'message' };
  }
  return value;
}

export const inputItemSchema = z.preprocess(
  addMessageType,
  z.discriminatedUnion('type', [messageItem, functionCallItem, functionCallOutputItem, reasoningItem]),
);

export type InputItem = z.infer<typeof inputItemSchema>;
export type MessageInputItem = Extract<InputItem, { type: 'message' }>;
export type FunctionCallInputItem = Extract<InputItem, { type: 'function_call' }>;
export type FunctionCallOutputInputItem = Extract<InputItem, { type: 'function_call_output' }>;
export type ContentPart = z.infer<typeof contentPart>;
