/**
 * Reads a request body as bytes, kept for byte-exact passthrough, and refuses early what
 * would otherwise hold a socket: a declared `Content-Length` over `body_limit` gets 413 at
 * once (body-parser would first read the whole declared body), and a body that stops
 * arriving gets 408 after `body_timeout_ms`. Both close the connection after answering,
 * since the rest of the body is never read.
 */
import type { NextFunction, Request, Response } from 'express';
import express from 'express';
import { GatewayError, requestTooLarge } from '../../core/gateway-error.js';
import { contextOf } from '../observability/request-context.js';
import { toBytes } from './byte-size.js';

export type EarlyRefusal = 'body_too_large' | 'body_timeout';

export interface BodyLimits {
  limit: string | number;
  timeoutMs: number;
  /** Hears each early refusal, for the metrics and the log. */
  onRefusal(reason: EarlyRefusal): void;
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

function bodyTimeout(timeoutMs: number): GatewayError {
  return new GatewayError({
    status: 408,
    type: 'invalid_request_error',
    code: 'request_timeout',
    message: `The request body did not arrive within body_timeout_ms (${timeoutMs} ms).`,
  });
}

/** Answers, then closes the connection: the unread rest of the body must not be taken for a next request. */
function refuse(req: Request, res: Response, next: NextFunction, error: GatewayError): void {
  res.setHeader('connection', 'close');
  res.once('finish', () => req.socket.destroySoon());
  next(error);
}

export function readRawBody({ limit, timeoutMs, onRefusal }: BodyLimits) {
  const limitBytes = toBytes(limit);
  const raw = express.raw({ type: () => true, limit });
  return (req: Request, res: Response, next: NextFunction) => {
    const declared = Number(req.headers['content-length']);
    if (declared > limitBytes) {
      onRefusal('body_too_large');
      return refuse(req, res, next, requestTooLarge(String(limit)));
    }
    let done = false;
    const timer = setTimeout(() => {
      done = true;
      onRefusal('body_timeout');
      req.unpipe();
      req.pause();
      refuse(req, res, next, bodyTimeout(timeoutMs));
    }, timeoutMs);
    raw(req, res, (error?: unknown) => {
      clearTimeout(timer);
      if (done) return;
      done = true;
      if (error) {
        const type = (error as { type?: string }).type;
        if (type === 'entity.too.large') return refuse(req, res, next, requestTooLarge(String(limit)));
        if (type === 'encoding.unsupported') return next(unsupportedEncoding(req.headers['content-encoding']));
        return next(error);
      }
      contextOf(res).rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      next();
    });
  };
}
