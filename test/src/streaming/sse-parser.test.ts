/**
 * parseSseData: the gateway's reader of upstream SSE, event by event, across chunk
 * boundaries and multibyte characters, bounded in line length.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../../core/gateway-error.js';
import { parseSseData } from '../../../src/streaming/sse-parser.js';

async function parse(chunks: Array<string | Buffer>): Promise<unknown[]> {
  const frames: unknown[] = [];
  const parser = parseSseData();
  parser.on('data', (frame: unknown) => frames.push(frame));
  await pipeline(Readable.from(chunks.map((chunk) => (typeof chunk === 'string' ? Buffer.from(chunk) : chunk))), parser);
  return frames;
}

describe('parseSseData', () => {
  it('emits the JSON of each data event and stops at [DONE]', async () => {
    expect(await parse(['data: {"a":1}\n\n', 'data: {"b":2}\n\ndata: [DONE]\n\ndata: {"c":3}\n\n'])).toEqual([{ a: 1 }, { b: 2 }]);
  });

  it('joins lines split across chunks, a multibyte character included', async () => {
    const bytes = Buffer.from('data: {"text":"café ✓"}\n\n');
    const split = bytes.indexOf(Buffer.from('✓')) + 1;
    expect(await parse([bytes.subarray(0, split), bytes.subarray(split)])).toEqual([{ text: 'café ✓' }]);
  });

  it('ignores comments and other fields, and accepts CRLF line ends', async () => {
    expect(await parse([': keep-alive\r\nevent: message\r\nid: 1\r\ndata: {"a":1}\r\n\r\n'])).toEqual([{ a: 1 }]);
  });

  it('fails with a GatewayError on an event that is not JSON', async () => {
    await expect(parse(['data: not json\n\n'])).rejects.toBeInstanceOf(GatewayError);
  });

  it('fails instead of buffering an endless line', async () => {
    const piece = 'x'.repeat(1024 * 1024);
    await expect(parse(['data: "', piece, piece, piece, piece, piece])).rejects.toThrow(/longer than 4 MB/);
  });
});
