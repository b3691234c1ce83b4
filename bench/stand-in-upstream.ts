/**
 * A cheap stand-in for Ollama (/api/chat, /api/generate, /api/tags) and an OpenAI-compatible
 * server such as vLLM (/v1/chat/completions, /v1/models), run as its own process. Answers
 * are precomputed (stand-in-bodies.ts); the model id picks the stream shape. Requests are
 * scanned, not parsed, so a 1 MB prompt costs the upstream the same on every path.
 *
 * Usage: node stand-in-upstream.js [port]. Prints {"listening":PORT} when ready and exits
 * when its stdin closes, so it never outlives the benchmark.
 */
import http, { type ServerResponse } from 'node:http';
import { modelFamilies, modelNamesOf } from './bench-models.js';
import { bodiesFor } from './stand-in-bodies.js';
import { writeTimedStream } from './stand-in-stream-writer.js';

const ndjsonType = 'application/x-ndjson';
const sseType = 'text/event-stream; charset=utf-8';
const jsonType = 'application/json; charset=utf-8';

const allModels = modelFamilies.flatMap(modelNamesOf);
const tagsBody = Buffer.from(
  JSON.stringify({
    models: allModels.map((name) => ({
      name,
      model: name,
      modified_at: '2024-08-01T12:00:00.123456789Z',
      size: 2_019_393_189,
      digest: 'a80c4f17acd55265feec403c7aef86be0c25983ab279d83f3bcd3abbcb5b8b72',
      details: { parent_model: '', format: 'gguf', family: 'llama', families: ['llama'], parameter_size: '3.2B', quantization_level: 'Q4_K_M' },
    })),
  }),
);
const modelsBody = Buffer.from(
  JSON.stringify({
    object: 'list',
    data: allModels.map((id) => ({
      id, object: 'model', created: 1722513600, owned_by: 'vllm', root: id, parent: null, max_model_len: 8192,
      permission: [{ id: `modelperm-${id}`, object: 'model_permission', created: 1722513600, allow_create_engine: false, allow_sampling: true, allow_logprobs: true, allow_search_indices: false, allow_view: true, allow_fine_tuning: false, organization: '*', group: null, is_blocking: false }],
    })),
  }),
);

function send(res: ServerResponse, status: number, type: string, body: Buffer | string): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** The string value of a top-level key, found by scanning; enough for the bench's own bodies. */
function scanString(body: Buffer, key: string): string | undefined {
  const at = body.indexOf(`"${key}"`);
  if (at < 0) return undefined;
  const open = body.indexOf('"', body.indexOf(':', at) + 1);
  const close = body.indexOf('"', open + 1);
  return open < 0 || close < 0 ? undefined : body.toString('utf8', open + 1, close);
}

function scanBoolean(body: Buffer, key: string): boolean | undefined {
  const at = body.indexOf(`"${key}"`);
  if (at < 0) return undefined;
  let index = body.indexOf(':', at) + 1;
  while (body[index] === 0x20) index += 1;
  return body[index] === 0x74 ? true : body[index] === 0x66 ? false : undefined;
}

function answer(path: string, body: Buffer, res: ServerResponse): void {
  const model = scanString(body, 'model') ?? '';
  const set = bodiesFor(model);
  const isOllama = path === '/api/chat' || path === '/api/generate';
  if (!set) {
    const message = isOllama ? { error: `model "${model}" not found, try pulling it first` } : { object: 'error', message: `The model \`${model}\` does not exist.`, type: 'NotFoundError', param: null, code: 404 };
    send(res, 404, jsonType, JSON.stringify(message));
    return;
  }
  const delayMs = set.shape.delayMs;
  if (isOllama) {
    const chat = path === '/api/chat';
    // Ollama streams unless told otherwise.
    if (scanBoolean(body, 'stream') === false) {
      send(res, 200, jsonType, chat ? set.ollamaChat : set.ollamaGenerate);
      return;
    }
    const lines = chat ? set.ollamaChatLines : set.ollamaGenerateLines;
    res.writeHead(200, { 'content-type': ndjsonType });
    writeTimedStream(res, { head: [], paced: lines.slice(0, -1), tail: lines.slice(-1), delayMs });
    return;
  }
  if (scanBoolean(body, 'stream') !== true) {
    send(res, 200, 'application/json', set.openAI);
    return;
  }
  const tail = [set.openAIChunks[set.openAIChunks.length - 1] ?? Buffer.alloc(0)];
  if (scanBoolean(body, 'include_usage') === true) tail.push(set.openAIUsage);
  tail.push(set.openAIDone);
  res.writeHead(200, { 'content-type': sseType, 'cache-control': 'no-cache' });
  writeTimedStream(res, { head: set.openAIChunks.slice(0, 1), paced: set.openAIChunks.slice(1, -1), tail, delayMs });
}

const server = http.createServer((req, res) => {
  const path = (req.url ?? '/').split('?')[0] ?? '/';
  if (req.method === 'GET') {
    if (path === '/api/tags') send(res, 200, jsonType, tagsBody);
    else if (path === '/v1/models') send(res, 200, 'application/json', modelsBody);
    else if (path === '/api/version') send(res, 200, jsonType, '{"version":"0.6.2"}');
    else if (path === '/' || path === '/health') send(res, 200, 'text/plain; charset=utf-8', 'Ollama is running');
    else send(res, 404, 'text/plain; charset=utf-8', '404 page not found');
    return;
  }
  const parts: Buffer[] = [];
  req.on('data', (part: Buffer) => parts.push(part));
  req.on('end', () => {
    if (path === '/api/chat' || path === '/api/generate' || path === '/v1/chat/completions') {
      answer(path, parts.length === 1 && parts[0] ? parts[0] : Buffer.concat(parts), res);
    } else {
      send(res, 404, 'text/plain; charset=utf-8', '404 page not found');
    }
  });
});
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;
server.listen(Number(process.argv[2] ?? 0), '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`${JSON.stringify({ listening: typeof address === 'object' && address ? address.port : 0 })}\n`);
});
process.stdin.on('close', () => process.exit(0));
process.stdin.resume();
process.on('SIGTERM', () => process.exit(0));
