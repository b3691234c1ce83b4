/**
 * UsageSniffer: the token counts read from a passthrough answer as it flows by, SSE or
 * JSON, however the body is cut into chunks.
 */
import { describe, expect, it } from 'vitest';
import { framingOf, UsageSniffer } from '../../../src/streaming/usage-sniffer.js';

const usageChunk = { id: 'chatcmpl-1', object: 'chat.completion.chunk', choices: [], usage: { prompt_tokens: 11, total_tokens: 18, completion_tokens: 7 } };
const stream = [
  'data: {"id":"chatcmpl-1","choices":[{"index":0,"delta":{"role":"assistant","content":"ünï ✓ 👋"}}],"usage":null}\n\n',
  'data: {"id":"chatcmpl-1","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}\n\n',
  `data: ${JSON.stringify(usageChunk)}\n\n`,
  'data: [DONE]\n\n',
].join('');

function sniff(framing: 'sse' | 'json' | 'none', chunks: Buffer[]) {
  const sniffer = new UsageSniffer(framing);
  for (const chunk of chunks) sniffer.push(chunk);
  sniffer.end();
  return sniffer.usage;
}

function splitEvery(bytes: Buffer, size: number): Buffer[] {
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < bytes.length; offset += size) chunks.push(bytes.subarray(offset, offset + size));
  return chunks;
}

describe('UsageSniffer', () => {
  const expected = { prompt_tokens: 11, completion_tokens: 7, total_tokens: 18 };

  it.each([
    ['whole', 1_000_000],
    ['one byte at a time', 1],
    ['in 7-byte pieces, cutting multibyte characters', 7],
  ])('reads the usage chunk of an SSE stream passed %s', (_how, size) => {
    expect(sniff('sse', splitEvery(Buffer.from(stream), size))).toEqual(expected);
  });

  it('reads a usage line that ends without a newline, with CRLF framing', () => {
    expect(sniff('sse', [Buffer.from(`data: ${JSON.stringify(usageChunk)}`)])).toEqual(expected);
    expect(sniff('sse', [Buffer.from(`data: ${JSON.stringify(usageChunk)}\r\n\r\n`)])).toEqual(expected);
  });

  it('keeps the last running total under continuous_usage_stats', () => {
    const frames = [1, 2, 3].map((step) => `data: ${JSON.stringify({ choices: [], usage: { prompt_tokens: 4, completion_tokens: step, total_tokens: 4 + step } })}\n\n`);
    expect(sniff('sse', [Buffer.from(frames.join(''))])).toEqual({ prompt_tokens: 4, completion_tokens: 3, total_tokens: 7 });
  });

  it('finds nothing in a stream without usage', () => {
    expect(sniff('sse', [Buffer.from(stream.replace(/data: \{[^\n]*"usage":\{[^\n]*\n\n/, ''))])).toBeUndefined();
  });

  it('reads the usage of a JSON body split across chunks; embeddings have no completion tokens', () => {
    const body = Buffer.from(JSON.stringify({ object: 'list', data: [{ embedding: [0.1, 0.2] }], usage: { prompt_tokens: 5, total_tokens: 5 } }));
    expect(sniff('json', splitEvery(body, 3))).toEqual({ prompt_tokens: 5, completion_tokens: 0, total_tokens: 5 });
  });

  it('reads the usage at the end of a JSON body too large to keep whole', () => {
    const vectors = Array.from({ length: 400 }, (_, index) => ({ object: 'embedding', index, embedding: Array.from({ length: 256 }, () => 0.123456789) }));
    const body = Buffer.from(JSON.stringify({ object: 'list', data: vectors, model: 'e', usage: { prompt_tokens: 400, total_tokens: 400, prompt_tokens_details: { cached_tokens: 0 } } }));
    expect(body.length).toBeGreaterThan(1024 * 1024);
    expect(sniff('json', splitEvery(body, 65536))).toEqual({ prompt_tokens: 400, completion_tokens: 0, total_tokens: 400 });
    expect(sniff('json', [body])).toEqual({ prompt_tokens: 400, completion_tokens: 0, total_tokens: 400 });
  });

  it('ignores bodies that are not JSON, and compressed ones', () => {
    expect(sniff('json', [Buffer.from('<html>usage</html>')])).toBeUndefined();
    expect(framingOf('application/json', 'gzip')).toBe('none');
    expect(framingOf('text/event-stream; charset=utf-8', undefined)).toBe('sse');
    expect(framingOf('application/json; charset=utf-8', 'identity')).toBe('json');
  });
});

describe('UsageSniffer on llama-server answers', () => {
  // Recorded from llama-server b9927 (shared/upstreams/llama-server.md §2–§4): without
  // include_usage the finish chunk carries `timings` and there is no `usage` at all.
  const finishWithTimings =
    'data: {"choices":[{"finish_reason":"stop","index":0,"delta":{}}],"created":1795307374,"id":"chatcmpl-x","model":"models/tiny-qwen-tools.gguf","object":"chat.completion.chunk","timings":{"cache_n":37,"prompt_n":1,"prompt_ms":10.7,"predicted_n":4,"predicted_ms":3.6}}\n\ndata: [DONE]\n\n';

  it('counts tokens from timings when the stream has no usage', () => {
    const sniffer = new UsageSniffer('sse');
    sniffer.push(Buffer.from(finishWithTimings));
    sniffer.end();
    expect(sniffer.usage).toEqual({ prompt_tokens: 38, completion_tokens: 4, total_tokens: 42 });
  });

  it('prefers usage over timings when both are sent', () => {
    const sniffer = new UsageSniffer('sse');
    sniffer.push(Buffer.from('data: {"choices":[],"usage":{"completion_tokens":4,"prompt_tokens":40,"total_tokens":44},"timings":{"cache_n":37,"prompt_n":1,"predicted_n":4}}\n\n'));
    sniffer.end();
    expect(sniffer.usage).toEqual({ prompt_tokens: 40, completion_tokens: 4, total_tokens: 44 });
  });

  it('counts tokens from the timings of a JSON body', () => {
    const sniffer = new UsageSniffer('json');
    sniffer.push(Buffer.from('{"choices":[],"timings":{"cache_n":0,"prompt_n":38,"predicted_n":20}}'));
    sniffer.end();
    expect(sniffer.usage).toEqual({ prompt_tokens: 38, completion_tokens: 20, total_tokens: 58 });
  });
});

describe('UsageSniffer on Ollama answers passed through natively', () => {
  it('counts tokens from the done line of an NDJSON stream', () => {
    const sniffer = new UsageSniffer(framingOf('application/x-ndjson', undefined));
    sniffer.push(Buffer.from('{"model":"m","message":{"role":"assistant","content":"Hi"},"done":false}\n{"model":"m","message":{"role":"assistant","content":""},"done":true,"prompt_eval_'));
    sniffer.push(Buffer.from('count":12,"eval_count":3}\n'));
    sniffer.end();
    expect(sniffer.usage).toEqual({ prompt_tokens: 12, completion_tokens: 3, total_tokens: 15 });
  });

  it('counts tokens from a whole answer, a missing prompt count being 0 (cached prompt)', () => {
    const sniffer = new UsageSniffer(framingOf('application/json; charset=utf-8', undefined));
    sniffer.push(Buffer.from('{"model":"m","message":{"role":"assistant","content":"Hi"},"done":true,"eval_count":7}'));
    sniffer.end();
    expect(sniffer.usage).toEqual({ prompt_tokens: 0, completion_tokens: 7, total_tokens: 7 });
  });
});
