/**
 * Reads a request body as bytes (kept for byte-exact passthrough) and parses it as a JSON
 * object, with errors that name what is wrong.
 */
import type { NextFunction, Request, Response } from 'express';
import express from 'express';
import { GatewayError, invalidJson, invalidRequest, missingField, requestTooLarge } from '../../core/gateway-error.js';
import { findExcessiveDepth } from './json-depth.js';
import { contextOf } from '../observability/request-context.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });
// No control characters (CR/LF would split log lines and headers) and no line separators.
const modelIdPattern = /^[^\u0000-\u001f\u007f-\u009f\u2028\u2029]{1,256}$/;

/**
 * Deepest nesting of arrays and objects accepted in a request body. Real requests (JSON
 * schemas of tools and response formats included) stay far below; thousands of levels
 * would overflow the stack when the body is validated or serialized for the upstream.
 */
export const MAX_JSON_DEPTH = 64;

/** Express middleware that keeps the raw bytes in the request context. */
export function readRawBody(limit: string | number) {
  const raw = express.raw({ type: () => true, limit });
  return (req: Request, res: Response, next: NextFunction) => {
    raw(req, res, (error?: unknown) => {
      if (error) {
        const type = (error as { type?: string }).type;
        if (type === 'entity.too.large') return next(requestTooLarge(String(limit)));
        if (type === 'encoding.unsupported') return next(unsupportedEncoding(req.headers['content-encoding']));
        return next(error);
      }
      contextOf(res).rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      next();
    });
  };
}

/** Parses the body as a JSON object with a `model` string, or throws a 400. */
export function parseJsonObject(raw: Buffer): Record<string, unknown> & { model: string } {
  if (raw.length === 0) throw invalidJson('the body is empty; send a JSON object');
  let text: string;
  try {
    text = utf8.decode(raw);
  } catch {
    throw invalidJson('the body is not valid UTF-8');
  }
  // Checked before parsing: the limit protects the code that walks the parsed value.
  if (findExcessiveDepth(raw, MAX_JSON_DEPTH) !== undefined) {
    throw invalidRequest(null, `Request body nests arrays and objects more than ${MAX_JSON_DEPTH} levels deep.`, 'nesting_too_deep');
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw invalidJson((error as Error).message);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalidJson('the body must be a JSON object');
  const model = (body as { model?: unknown }).model;
  if (model === undefined || model === null || model === '') throw missingField('model');
  if (typeof model !== 'string') throw invalidRequest('model', `Invalid type for 'model': expected a string, got ${typeOfValue(model)}.`, 'invalid_type');
  if (!modelIdPattern.test(model)) throw invalidRequest('model', "Invalid 'model': it must be 1 to 256 characters without control characters.");
  return body as Record<string, unknown> & { model: string };
}

/** RFC 9110 §15.5.16: a content coding the server does not support is a 415. */
function unsupportedEncoding(encoding: string | undefined): GatewayError {
  return new GatewayError({
    status: 415,
    type: 'invalid_request_error',
    code: 'unsupported_encoding',
    message: `Unsupported Content-Encoding '${String(encoding ?? '').slice(0, 40)}': send the body as identity, gzip, deflate or br.`,
  });
}

export function typeOfValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
