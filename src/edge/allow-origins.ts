/**
 * CORS for the browser origins in `server.cors_origins` only; other origins get no CORS
 * headers, so browsers refuse to hand them the answer. Upstream CORS headers never reach
 * the client (passthrough drops them), so this is the only place CORS is decided.
 */
import type { NextFunction, Request, Response } from 'express';

export function allowOrigins(origins: readonly string[]) {
  const allowed = new Set(origins);
  const any = allowed.has('*');
  return (req: Request, res: Response, next: NextFunction) => {
    // The answer depends on Origin whenever CORS is on, so caches must key on it.
    if (!any) res.vary('Origin');
    const origin = req.headers.origin;
    if (!origin || !(any || allowed.has(origin))) return next();
    res.setHeader('access-control-allow-origin', any ? '*' : origin);
    res.setHeader('access-control-expose-headers', 'x-request-id, retry-after');
    if (req.method === 'OPTIONS') {
      res.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS');
      res.setHeader('access-control-allow-headers', req.headers['access-control-request-headers'] ?? 'authorization, content-type');
      res.setHeader('access-control-max-age', '600');
      res.status(204).end();
      return;
    }
    next();
  };
}
