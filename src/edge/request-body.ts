/**
 * Parses a request body as a JSON object with a `model`, with errors that name what is
 * wrong.
 */
import { invalidJson, invalidRequest, missingField, type GatewayError } from '../../core/gateway-error.js';
import { findDeepPath, findExcessiveDepth } from './json-depth.js';
import { formatParam } from './format-param.js';
import { typeOfValue } from './type-of-value.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });
// No control characters (CR/LF would split log lines and headers) and no line separators.
const modelIdPattern = /^[^\u0000-\u001f\u007f-\u009f\u2028\u2029]{1,256}$/;

/**
 * Deepest nesting of arrays and objects accepted in a request body. Real requests (JSON
 * schemas of tools and response formats included) stay far below; thousands of levels
 * would overflow the stack when the body is validated or serialized for the upstream.
 */
export const MAX_JSON_DEPTH = 64;

/** Parses the body as a JSON object with a `model` string, or throws a 400. */
export function parseJsonObject(raw: Buffer): Record<string, unknown> & { model: string } {
  const body = parseJsonRecord(raw);
  const model = body.model;
  if (model === undefined || model === null || model === '') throw missingField('model');
  if (typeof model !== 'string') throw invalidRequest('model', `Invalid type for 'model': expected a string, got ${typeOfValue(model)}.`, 'invalid_type');
  if (!modelIdPattern.test(model)) throw invalidRequest('model', "Invalid 'model': it must be 1 to 256 characters without control characters.");
  return body as Record<string, unknown> & { model: string };
}

/** Parses the body as a JSON object, or throws a 400. */
export function parseJsonRecord(raw: Buffer): Record<string, unknown> {
  if (raw.length === 0) throw invalidJson('the body is empty; send a JSON object');
  let text: string;
  try {
    text = utf8.decode(raw);
  } catch {
    throw invalidJson('the body is not valid UTF-8');
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw invalidJson((error as Error).message);
  }
  // The byte scan is cheap; only a body that nests too deep is walked to name the field.
  if (findExcessiveDepth(raw, MAX_JSON_DEPTH) !== undefined) throw nestingTooDeep(findDeepPath(body, MAX_JSON_DEPTH) ?? []);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalidJson('the body must be a JSON object');
  return body as Record<string, unknown>;
}


function nestingTooDeep(path: PropertyKey[]): GatewayError {
  const param = formatParam(path);
  return invalidRequest(
    param || null,
    `Invalid '${param || 'body'}': arrays and objects are nested more than ${MAX_JSON_DEPTH} levels deep.`,
    'nesting_too_deep',
  );
}
