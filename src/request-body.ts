/**
 * Reads a request body as bytes (kept for byte-exact passthrough) and parses it as a JSON
 * object, with errors that name what is wrong.
 */
import type { NextFunction, Request, Response } from 'express';
import express from 'express';
import { invalidJson, invalidRequest, missingField, requestTooLarge } from './errors.js';
import { contextOf } from './request-context.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });
const modelIdPattern = /^[^\u0000-\u001f\u007f]{1,256}$/;

/** Express middleware that keeps the raw bytes in the request context. */
export function readRawBody(limit: string | number) {
  const raw = express.raw({ type: () => true, limit });
  return (req: Request, res: Response, next: NextFunction) => {
    raw(req, res, (error?: unknown) => {
      if (error) {
        const type = (error as { type?: string }).type;
        if (type === 'entity.too.large') return next(requestTooLarge(String(limit)));
        if (type === 'encoding.unsupported') return next(invalidRequest(null, 'Unsupported Content-Encoding.', 'invalid_encoding'));
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

export function typeOfValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
