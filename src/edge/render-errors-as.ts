/**
 * Which shape errors take on a front door: OpenAI's by default; Anthropic's on
 * `/v1/messages` and Ollama's on `/api/*`. Set per path before authentication, so a 401
 * comes in the front's shape too.
 */
import type { NextFunction, Request, Response } from 'express';
import type { FrontError } from '../../core/front-door.js';
import type { GatewayError } from '../../core/gateway-error.js';

export type ErrorRenderer = (error: GatewayError) => FrontError;

export function renderErrorsAs(render: ErrorRenderer) {
  return (_req: Request, res: Response, next: NextFunction) => {
    res.locals.renderError = render;
    next();
  };
}

export function rendererOf(res: Response): ErrorRenderer | undefined {
  return res.locals.renderError as ErrorRenderer | undefined;
}
