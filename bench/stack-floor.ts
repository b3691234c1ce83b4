/**
 * The stack floor: the least an Express 5 + http-proxy-middleware gateway must do. Reads
 * the body with `express.raw()`, parses it as JSON to learn the model, and forwards it
 * over a keep-alive agent with http-proxy-middleware, the answer piped back as it comes
 * (`selfHandleResponse: false`). Nothing else: no routing, validation, translation,
 * metrics or logging, and HPM's default plugins are ejected as the gateway ejects them
 * (its logger plugin builds a URL per answer even when it logs nothing).
 *
 * Run as its own process: node stack-floor.js UPSTREAM_PORT [PORT]; prints
 * {"listening":PORT}, exits when stdin closes.
 */
import http, { type ClientRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Express } from 'express';
import { createProxyMiddleware } from 'http-proxy-middleware';

/** The gateway's default `server.body_limit`, so the 1 MB prompt gets through both alike. */
const bodyLimit = '20mb';

/** The request after `express.raw()`: the body as bytes, undefined when there was none. */
type RawRequest = IncomingMessage & { body?: unknown };

/** The body was consumed by `express.raw()`; http-proxy ends proxyReq right after this. */
function sendBody(proxyReq: ClientRequest, req: RawRequest): void {
  const body = req.body;
  if (!Buffer.isBuffer(body)) return;
  proxyReq.setHeader('content-length', body.length);
  if (body.length > 0) proxyReq.write(body);
}

/** A failure before the answer started gets a 502; after, the client's connection is cut. */
function answerFailure(res: ServerResponse | Socket): void {
  if (!('writeHead' in res)) {
    res.destroy();
    return;
  }
  if (res.headersSent) res.destroy();
  else res.writeHead(502, { 'content-type': 'text/plain; charset=utf-8' }).end('upstream failed');
}

export function createStackFloor(upstreamOrigin: string): Express {
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: 1024 });
  const app = express();
  app.use(express.raw({ type: () => true, limit: bodyLimit }));
  app.use((req, res, next) => {
    const body: unknown = req.body;
    if (Buffer.isBuffer(body) && body.length > 0) {
      try {
        res.locals.model = (JSON.parse(body.toString('utf8')) as { model?: unknown }).model;
      } catch {
        res.status(400).type('text/plain').send('request body is not JSON');
        return;
      }
    }
    next();
  });
  app.use(
    createProxyMiddleware({
      target: upstreamOrigin,
      changeOrigin: true,
      selfHandleResponse: false,
      ejectPlugins: true,
      agent,
      plugins: [
        (proxyServer) => {
          proxyServer.on('proxyReq', (proxyReq, req) => sendBody(proxyReq, req));
          proxyServer.on('error', (_error, _req, res) => answerFailure(res));
        },
      ],
    }),
  );
  return app;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const server = http.createServer(createStackFloor(`http://127.0.0.1:${Number(process.argv[2])}`));
  server.keepAliveTimeout = 65_000;
  server.listen(Number(process.argv[3] ?? 0), '127.0.0.1', () => {
    const address = server.address();
    process.stdout.write(`${JSON.stringify({ listening: typeof address === 'object' && address ? address.port : 0 })}\n`);
  });
  process.stdin.on('close', () => process.exit(0));
  process.stdin.resume();
  process.on('SIGTERM', () => process.exit(0));
}
