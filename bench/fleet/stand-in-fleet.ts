/**
 * The stand-in fleet: every box of fleet-spec.ts as an Ollama server of its own on its own
 * port, in one process. Each answers `POST /api/chat` after its queue and any cold load
 * (fleet-box.ts), streaming tokens at the box's speed; `GET /api/ps` lists what it holds
 * in memory, `GET /api/tags` and `/api/version` what Ollama answers there, and
 * `GET /bench/stats` what it counted (requests, cold loads, evictions).
 *
 * Usage: node stand-in-fleet.js TOKENS PORT PORT PORT: tokens per answer, then one port per
 * box in fleet-spec.ts order.
 * Prints {"listening":FIRST_PORT} once every box listens; exits when its stdin closes.
 */
import http, { type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeTimedStream } from '../stand-in-stream-writer.js';
import { chatAnswer, processList, tagList } from './fleet-answers.js';
import { FleetBox, realClock, type BoxClock } from './fleet-box.js';
import { fleetBoxes, fleetModels, type BoxSpec } from './fleet-spec.js';

const jsonType = 'application/json; charset=utf-8';

export interface BoxServing {
  /** Tokens in every answer. */
  tokens: number;
  /** Models the box can serve (load on demand). */
  models: readonly string[];
}

function send(res: ServerResponse, status: number, body: Buffer | string, type = jsonType): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((done, fail) => {
    const parts: Buffer[] = [];
    req.on('data', (part: Buffer) => parts.push(part));
    req.on('end', () => done(Buffer.concat(parts)));
    req.on('error', fail);
  });
}

function readChatRequest(body: Buffer): { model: string; stream: boolean } | undefined {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { model?: unknown; stream?: unknown };
    return typeof parsed.model === 'string' ? { model: parsed.model, stream: parsed.stream !== false } : undefined;
  } catch {
    return undefined;
  }
}

async function answerChat(box: FleetBox, serving: BoxServing, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const request = readChatRequest(await readBody(req));
  if (!request) return send(res, 400, JSON.stringify({ error: 'invalid request body' }));
  if (!serving.models.includes(request.model)) return send(res, 404, JSON.stringify({ error: `model "${request.model}" not found, try pulling it first` }));
  // The client may leave while the request waits for a slot or a load: free the slot then.
  let gone = false;
  res.once('close', () => (gone = true));
  const end = await box.admit(request.model);
  if (gone) return end();
  res.once('close', end);
  const answer = chatAnswer(request.model, serving.tokens);
  const delayMs = 1000 / box.spec.tokensPerSecond;
  if (!request.stream) {
    setTimeout(() => send(res, 200, answer.whole), delayMs * serving.tokens);
    return;
  }
  res.writeHead(200, { 'content-type': 'application/x-ndjson' });
  writeTimedStream(res, { head: [], paced: answer.lines.slice(0, -1), tail: answer.lines.slice(-1), delayMs });
}

/** One box's HTTP server (not yet listening). */
export function createBoxServer(spec: BoxSpec, serving: BoxServing, clock: BoxClock = realClock): { box: FleetBox; server: Server } {
  const box = new FleetBox(spec, clock);
  const tags = tagList(serving.models);
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'POST' && path === '/api/chat') {
      answerChat(box, serving, req, res).catch((error: unknown) => (res.headersSent ? res.destroy() : send(res, 500, JSON.stringify({ error: String(error) }))));
      return;
    }
    if (req.method !== 'GET') return send(res, 404, '404 page not found', 'text/plain; charset=utf-8');
    if (path === '/api/ps') return send(res, 200, processList(box.residentModels()));
    if (path === '/api/tags') return send(res, 200, tags);
    if (path === '/api/version') return send(res, 200, '{"version":"0.6.2"}');
    if (path === '/bench/stats') return send(res, 200, JSON.stringify({ name: spec.name, ...box.stats() }));
    if (path === '/') return send(res, 200, 'Ollama is running', 'text/plain; charset=utf-8');
    send(res, 404, '404 page not found', 'text/plain; charset=utf-8');
  });
  server.keepAliveTimeout = 65_000;
  return { box, server };
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => done());
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const [tokens, ...ports] = process.argv.slice(2).map(Number);
  if (!tokens || !Number.isInteger(tokens)) throw new Error('the first argument is the tokens per answer');
  if (ports.length !== fleetBoxes.length) throw new Error(`one port per box: ${fleetBoxes.length} wanted, ${ports.length} given`);
  const servers = fleetBoxes.map((spec) => createBoxServer(spec, { tokens, models: fleetModels }).server);
  await Promise.all(servers.map((server, index) => listen(server, ports[index] ?? 0)));
  process.stdout.write(`${JSON.stringify({ listening: ports[0] })}\n`);
  process.stdin.on('close', () => process.exit(0));
  process.stdin.resume();
  process.on('SIGTERM', () => process.exit(0));
}
