/**
 * `GET /status` (JSON) and `GET /ui` (the live status page with its same-origin script,
 * stylesheet and icon). Registered before authentication, like `/metrics`: they show
 * state and counts, never prompts, completions or keys.
 */
import type { Express, NextFunction, Request, Response } from 'express';
import type { Gateway } from '../gateway.js';
import { contextOf } from '../observability/request-context.js';
import { buildStatus } from './build-status.js';
import { rollingStatsOf } from './rolling-stats-of.js';
import { loadUiAssets, readPackageVersion, type UiAsset } from './ui-assets.js';

/**
 * Only this origin, for everything the page loads or sends; no inline script or style
 * (the page has none), no framing, no form posts.
 */
export const statusPagePolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

function sendAsset(res: Response, asset: UiAsset): void {
  res.setHeader('content-type', asset.contentType);
  res.setHeader('content-security-policy', statusPagePolicy);
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('referrer-policy', 'no-referrer');
  // Revalidated on every load, so an upgraded gateway never serves a page with an old script.
  res.setHeader('cache-control', 'no-cache');
  res.end(asset.body);
}

export function registerStatusRoutes(app: Express, gateway: Gateway): void {
  const assets = loadUiAssets();
  const version = readPackageVersion();
  const stats = rollingStatsOf(gateway.metrics);

  app.get('/status', async (_req: Request, res: Response) => {
    contextOf(res).route = '/status';
    res.setHeader('cache-control', 'no-store');
    res.json(await buildStatus(gateway, stats, version));
  });

  app.get('/ui', (_req: Request, res: Response) => {
    contextOf(res).route = '/ui';
    sendAsset(res, assets.get('index.html') as UiAsset);
  });

  app.get('/ui/:file', (req: Request, res: Response, next: NextFunction) => {
    const file = String(req.params.file);
    const asset = file === 'index.html' ? undefined : assets.get(file);
    if (!asset) return next();
    contextOf(res).route = '/ui';
    sendAsset(res, asset);
  });
}
