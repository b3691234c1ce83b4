/**
 * A small OpenAI-compatible upstream on 127.0.0.1 that records what reaches it byte for
 * byte and lets a test answer each request however it likes (hold a stream, break it, send
 * an error), so passthrough behaviour can be proved without the stand-ins' fixed scripts.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  /** Path and query as sent, e.g. `/v1/chat/completions?x=1`. */
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** Resolves when the exchange's response closes, finished or not. */
  closed: Promise<void>;
  /** Set once the response closed before it was fully sent. */
  closedEarly: boolean;
}

export type UpstreamHandler = (req: IncomingMessage, res: ServerResponse, body: Buffer) => void | Promise<void>;

export interface FakeUpstream {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** `url + '/v1'`, the base URL a connection uses. */
  baseUrl: string;
  requests: ReceivedRequest[];
  /** Model ids answered on GET /v1/models. */
  models: string[];
  /** Answers inference requests; replace it per test. Defaults to a small chat completion. */
  handle: UpstreamHandler;
  /** Requests other than listings, health checks and load polls (every GET). */
  inferenceRequests(): ReceivedRequest[];
  close(): Promise<void>;
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)), ...headers });
  res.end(text);
}

/** Answers like vLLM: a chat completion that names the model it was sent and who served it. */
function answerChat(name: string): UpstreamHandler {
  return (_req, res, body) => {
    const request = JSON.parse(body.toString('utf8') || '{}') as { model?: string };
    sendJson(res, 200, {
      id: 'chatcmpl-fake',
      object: 'chat.completion',
      created: 1_700_000_000,
      model: request.model,
      choices: [{ index: 0, message: { role: 'assistant', content: `served by ${name}` }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 1, completion_tokens: 3, total_tokens: 4 },
    });
  };
}

export async function startFakeUpstream(options: { models?: string[]; name?: string } = {}): Promise<FakeUpstream> {
  const requests: ReceivedRequest[] = [];
  const upstream: FakeUpstream = {
    url: '',
    baseUrl: '',
    requests,
    models: options.models ?? ['fake-model'],
    handle: answerChat(options.name ?? 'fake'),
    // Listings, health checks and load polls (`/metrics`, `/slots`) are all GETs; inference is POSTed.
    inferenceRequests: () => requests.filter((request) => request.method !== 'GET'),
    close: async () => undefined,
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let markClosed: () => void = () => undefined;
    const record: ReceivedRequest = {
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      headers: req.headers,
      body: Buffer.alloc(0),
      closed: new Promise((resolve) => (markClosed = resolve)),
      closedEarly: false,
    };
    requests.push(record);
    res.on('close', () => {
      if (!res.writableFinished) record.closedEarly = true;
      markClosed();
    });
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      record.body = Buffer.concat(chunks);
      if (record.method === 'GET' && record.url.split('?')[0] === '/v1/models') {
        sendJson(res, 200, { object: 'list', data: upstream.models.map((id) => ({ id, object: 'model', created: 1_700_000_000, owned_by: 'fake' })) });
        return;
      }
      Promise.resolve(upstream.handle(req, res, record.body)).catch(() => res.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  upstream.url = `http://127.0.0.1:${port}`;
  upstream.baseUrl = `${upstream.url}/v1`;
  let closing: Promise<void> | undefined;
  upstream.close = () => {
    closing ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    return closing;
  };
  return upstream;
}
