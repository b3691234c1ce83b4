/**
 * An upstream a pipeline test scripts by hand: it answers discovery and health checks in
 * OpenAI's or Ollama's shape, and hands every inference request to the test's handler.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ScriptedHandler = (req: IncomingMessage, res: ServerResponse) => void;

export interface ScriptedUpstream {
  /** Root URL; an OpenAI-compatible connection uses `root + '/v1'`. */
  root: string;
  handle: ScriptedHandler;
  /** Inference requests received (POSTs; load polls are GETs). */
  received: number;
  close(): Promise<void>;
}

export async function startScriptedUpstream(kind: 'openai' | 'ollama', model: string): Promise<ScriptedUpstream> {
  const upstream: ScriptedUpstream = { root: '', handle: (_req, res) => res.end(), received: 0, close: async () => undefined };
  const json = (res: ServerResponse, body: unknown) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (req.url === '/v1/models') return json(res, { object: 'list', data: [{ id: model, object: 'model', created: 0, owned_by: 'x' }] });
      if (req.url === '/api/tags') return json(res, { models: [{ name: model, model, modified_at: '2026-01-01T00:00:00Z', size: 1, digest: 'x', details: {} }] });
      if (req.url === '/api/version') return json(res, { version: '0.12.0' });
      if (req.method === 'POST') upstream.received += 1;
      upstream.handle(req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  upstream.root = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  upstream.close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  void kind;
  return upstream;
}

/** One OpenAI chat chunk event with `text` as its content. */
export function chunkEvent(text: string, finish: string | null = null): string {
  return `data: ${JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 0, model: 'm', choices: [{ index: 0, delta: { content: text }, finish_reason: finish }] })}\n\n`;
}

/** One Ollama /api/chat stream line. */
export function ollamaLine(text: string, done = false): string {
  return `${JSON.stringify({ model: 'm', created_at: '2026-01-01T00:00:00Z', message: { role: 'assistant', content: text }, done, ...(done ? { done_reason: 'stop', prompt_eval_count: 1, eval_count: 1 } : {}) })}\n`;
}
