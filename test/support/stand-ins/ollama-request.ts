/**
 * Reading an Ollama request the way Ollama does: Go's decoder errors, Go's type errors,
 * `stream` defaulting to true, model lookup, and the capability checks that refuse e.g.
 * chat with an embedding model.
 */
import { describeGoDecodeError, parseFirstJsonValue } from './go-decode-error.js';
import { describeGoUnmarshalError, type GoField } from './go-unmarshal-error.js';
import { planOllamaError } from './ollama-answers.js';
import { describeOllamaModel, findOllamaModel, type OllamaCapability, type OllamaModelDescription } from './ollama-models.js';
import type { PlannedResponse } from './send-planned-response.js';

export type Checked<T> = { ok: true; value: T } | { ok: false; answer: PlannedResponse };

export type OllamaBody = Record<string, unknown>;

/** Decodes the body like gin's ShouldBindJSON into the named api struct. */
export function decodeOllamaBody(rawBody: string, structName: string, fields: Record<string, GoField>): Checked<OllamaBody> {
  const syntaxError = describeGoDecodeError(rawBody);
  if (syntaxError !== undefined) return { ok: false, answer: planOllamaError(400, syntaxError) };
  const value = parseFirstJsonValue(rawBody);
  const typeError = describeGoUnmarshalError(value, structName, fields);
  if (typeError !== undefined) return { ok: false, answer: planOllamaError(400, typeError) };
  return { ok: true, value: typeof value === 'object' && value !== null ? (value as OllamaBody) : {} };
}

/** Ollama streams unless `stream` is explicitly false. */
export function wantsStream(body: OllamaBody): boolean {
  return body['stream'] !== false;
}

export function readString(body: OllamaBody, field: string): string {
  const value = body[field];
  return typeof value === 'string' ? value : '';
}

/** The served model the request names, with the error Ollama gives when there is none. */
export function resolveOllamaModel(
  requested: string,
  served: string[],
  missing: PlannedResponse,
  unknown: PlannedResponse,
): Checked<OllamaModelDescription> {
  if (requested.trim().length === 0) return { ok: false, answer: missing };
  const name = findOllamaModel(requested, served);
  if (name === undefined) return { ok: false, answer: unknown };
  return { ok: true, value: describeOllamaModel(name, served.indexOf(name)) };
}

/** Ollama's `model 'x' not found` (chat, generate, show). */
export function planModelNotFound(requested: string): PlannedResponse {
  return planOllamaError(404, `model '${requested}' not found`);
}

/** Ollama's scheduler error for a model that is not pulled (embed, legacy embeddings). */
export function planModelNotPulled(requested: string): PlannedResponse {
  return planOllamaError(404, `model ${JSON.stringify(requested)} not found, try pulling it first`);
}

/** `"x" does not support chat` and the like, when a capability is missing. */
export function checkCapability(
  model: OllamaModelDescription,
  requested: string,
  capability: OllamaCapability,
  action: string,
): PlannedResponse | undefined {
  if (model.capabilities.includes(capability)) return undefined;
  return planOllamaError(400, `${JSON.stringify(requested)} does not support ${action}`);
}

/**
 * Whether to think: `think` may be a boolean or a level ("low", "medium", "high").
 * A thinking model thinks unless told not to, as Ollama does; asking a model that cannot
 * think is a 400.
 */
export function resolveThinking(body: OllamaBody, model: OllamaModelDescription, requested: string): Checked<boolean> {
  const think = body['think'];
  const asked = think === undefined || think === null ? undefined : think !== false;
  if (model.capabilities.includes('thinking')) return { ok: true, value: asked ?? true };
  if (asked === true) return { ok: false, answer: planOllamaError(400, `${JSON.stringify(requested)} does not support thinking`) };
  return { ok: true, value: false };
}

/** `options.num_predict`, when it is a positive limit. */
export function readNumPredict(body: OllamaBody): number | undefined {
  const options = body['options'];
  if (typeof options !== 'object' || options === null) return undefined;
  const value = (options as Record<string, unknown>)['num_predict'];
  return typeof value === 'number' && value > 0 ? Math.floor(value) : undefined;
}

/** `format`: "json" or a JSON schema object; anything else means free text. */
export function readFormat(body: OllamaBody): 'json' | Record<string, unknown> | undefined {
  const format = body['format'];
  if (format === 'json') return 'json';
  if (typeof format === 'object' && format !== null && !Array.isArray(format)) return format as Record<string, unknown>;
  return undefined;
}

/** Ollama's unload request: `keep_alive: 0` with nothing to generate. */
export function isUnloadRequest(body: OllamaBody): boolean {
  const keepAlive = body['keep_alive'];
  return keepAlive === 0 || keepAlive === '0' || keepAlive === '0s';
}
