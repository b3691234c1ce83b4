/**
 * Replays recorded Ollama bodies through the real `ndjson` parser, the way the gateway
 * reads an upstream body, cut into network chunks in several ways.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ndjson from 'ndjson';
import type { StreamTranslator, TranslateContext } from '../../../core/adapter.js';

export const context: TranslateContext = {
  publicModel: 'chat',
  upstreamModel: 'llama3.2:3b',
  responseId: 'chatcmpl-test0001',
  now: 1_700_000_000,
};

export function readFixture(name: string): Buffer {
  return readFileSync(fileURLToPath(new URL(`../../fixtures/ollama/${name}`, import.meta.url)));
}

export function readJsonFixture(name: string): unknown {
  return JSON.parse(readFixture(name).toString('utf8'));
}

/** How a body is cut into the chunks the parser receives. */
export type Cutting = 'whole' | 'byte by byte' | 'split inside a multibyte character';

export const cuttings: Cutting[] = ['whole', 'byte by byte', 'split inside a multibyte character'];

export function cutBody(body: Buffer, cutting: Cutting): Buffer[] {
  switch (cutting) {
    case 'whole':
      return [body];
    case 'byte by byte':
      return [...body].map((byte) => Buffer.from([byte]));
    case 'split inside a multibyte character': {
      // The first byte that continues a UTF-8 sequence; without one, the middle.
      const continuation = body.findIndex((byte) => (byte & 0xc0) === 0x80);
      const at = continuation === -1 ? Math.floor(body.length / 2) : continuation;
      return [body.subarray(0, at), body.subarray(at)];
    }
  }
}

/** Splits chunks into parsed NDJSON objects with the `ndjson` package. */
export function parseNdjson(chunks: readonly Buffer[]): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const objects: unknown[] = [];
    const parser = ndjson.parse({ strict: true });
    parser.on('data', (object: unknown) => objects.push(object));
    parser.on('error', reject);
    parser.on('end', () => resolve(objects));
    for (const chunk of chunks) {
      parser.write(chunk);
    }
    parser.end();
  });
}

/** Everything a translator produced for a fixture, and what `end()` threw if it threw. */
export interface Replay<Chunk> {
  chunks: Chunk[];
  error: unknown;
}

export async function replayFixture<Chunk>(
  name: string,
  translator: StreamTranslator<Chunk>,
  cutting: Cutting = 'whole',
): Promise<Replay<Chunk>> {
  const frames = await parseNdjson(cutBody(readFixture(name), cutting));
  const chunks: Chunk[] = [];
  try {
    for (const frame of frames) {
      chunks.push(...translator.push(frame));
    }
    chunks.push(...translator.end());
    return { chunks, error: undefined };
  } catch (error) {
    return { chunks, error };
  }
}
