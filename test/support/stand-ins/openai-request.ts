/**
 * Reading an OpenAI-compatible request the way vLLM does: JSON content type required,
 * FastAPI validation errors as 400, `The model \`x\` does not exist.` as 404 (a missing
 * model means the served one), and the `max_tokens` checks against the context length.
 */
import { describeInvalidJson, describeMissingField, planValidationError, planVllmError } from './openai-answers.js';
import { PythonRaw, PythonTuple, reprPython } from './python-text.js';
import type { PlannedResponse } from './send-planned-response.js';
import type { Exchange } from './stand-in-server.js';

export type Checked<T> = { ok: true; value: T } | { ok: false; answer: PlannedResponse };

export type OpenAIBody = Record<string, unknown>;

/** Decodes and validates the body; `required` fields must be present. */
export function decodeOpenAIBody(exchange: Exchange, required: string[]): Checked<OpenAIBody> {
  const mediaType = String(exchange.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (mediaType !== 'application/json') {
    const error = { loc: ['header', 'content-type'], msg: "Unsupported Media Type: Only 'application/json' is allowed", type: 'value_error' };
    return { ok: false, answer: planValidationError([error]) };
  }
  let body: unknown;
  try {
    body = JSON.parse(exchange.rawBody);
  } catch {
    return { ok: false, answer: planValidationError([describeInvalidJson(exchange.rawBody)]) };
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    const error = {
      type: 'model_attributes_type',
      loc: new PythonTuple(['body']),
      msg: 'Input should be a valid dictionary or object to extract fields from',
      input: body,
    };
    return { ok: false, answer: planValidationError([error]) };
  }
  const record = body as OpenAIBody;
  const missing = required.filter((field) => record[field] === undefined);
  if (missing.length > 0) return { ok: false, answer: planValidationError(missing.map((field) => describeMissingField(field, record))) };
  if (record['stream_options'] !== undefined && record['stream_options'] !== null && record['stream'] !== true) {
    return { ok: false, answer: planValidationError([describeModelValueError('Stream options can only be defined when `stream=True`.', record)]) };
  }
  return { ok: true, value: record };
}

/** The validation error a model validator raising ValueError produces. */
function describeModelValueError(message: string, body: OpenAIBody): Record<string, unknown> {
  const error = new PythonRaw(`ValueError(${reprPython(message)})`);
  return { type: 'value_error', loc: new PythonTuple(['body']), msg: `Value error, ${message}`, input: body, ctx: { error } };
}

/** The served model the request names; vLLM treats a missing model as the served one. */
export function resolveOpenAIModel(body: OpenAIBody, models: string[]): Checked<string> {
  const requested = body['model'];
  if (requested === undefined || requested === null || requested === '') return { ok: true, value: models[0] ?? '' };
  if (typeof requested === 'string' && models.includes(requested)) return { ok: true, value: requested };
  const shown = typeof requested === 'string' ? requested : JSON.stringify(requested);
  return { ok: false, answer: planVllmError(404, 'NotFoundError', `The model \`${shown}\` does not exist.`, 'model') };
}

/** `max_completion_tokens` (chat) or `max_tokens`, checked like vLLM checks them. */
export function resolveMaxTokens(body: OpenAIBody, promptTokens: number, maxModelLength: number): Checked<number | undefined> {
  const value = body['max_completion_tokens'] ?? body['max_tokens'];
  if (value === undefined || value === null) return { ok: true, value: undefined };
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    const error = { type: 'int_type', loc: new PythonTuple(['body', 'max_tokens']), msg: 'Input should be a valid integer', input: value };
    return { ok: false, answer: planValidationError([error]) };
  }
  if (value < 1) return { ok: false, answer: planVllmError(400, 'BadRequestError', `max_tokens must be at least 1, got ${value}.`) };
  if (value + promptTokens > maxModelLength) {
    const message =
      `'max_tokens' or 'max_completion_tokens' is too large: ${value}. This model's maximum context length is ` +
      `${maxModelLength} tokens and your request has ${promptTokens} input tokens (${value} > ${maxModelLength} - ${promptTokens}). ` +
      `(parameter=max_tokens, value=${value})`;
    return { ok: false, answer: planVllmError(400, 'BadRequestError', message, 'max_tokens') };
  }
  return { ok: true, value };
}

/** Whether a streamed answer ends with a usage chunk (`stream_options.include_usage`). */
export function wantsUsageChunk(body: OpenAIBody): boolean {
  const options = body['stream_options'];
  return typeof options === 'object' && options !== null && (options as Record<string, unknown>)['include_usage'] === true;
}

/** The text of an OpenAI message content: a string, or the text parts of a list. */
export function readContentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part) => {
      const textPart = (typeof part === 'object' && part !== null ? part : {}) as { type?: unknown; text?: unknown };
      return textPart.type === 'text' ? String(textPart.text ?? '') : '';
    })
    .join('');
}

/** vLLM's usage object (field order as its `UsageInfo`). */
export function buildUsage(promptTokens: number, completionTokens: number): Record<string, unknown> {
  return { prompt_tokens: promptTokens, total_tokens: promptTokens + completionTokens, completion_tokens: completionTokens, prompt_tokens_details: null };
}
