import type { Duplex, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import ndjson from 'ndjson';
import type { Framing } from '../../core/adapter.js';
import { parseSseData } from './sse-parser.js';

/** Longest NDJSON line accepted from an upstream. */
const maxLineBytes = 4 * 1024 * 1024;

/** Parses an upstream stream into frames (parsed JSON values) according to its framing. */
export function parseUpstreamFrames(body: Readable, framing: Framing): Readable {
  // A longer line is a broken upstream, not a reply; unbounded, it would be buffered until timeout_ms.
  const ndjsonOptions = { strict: true, maxLength: maxLineBytes }; // split2's option; @types/ndjson omits it
  const parser: Duplex = framing === 'ndjson' ? (ndjson.parse(ndjsonOptions) as unknown as Duplex) : parseSseData();
  // Errors on either side reach the parser's 'error' event; this promise only must not go unhandled.
  pipeline(body, parser).catch(() => undefined);
  return parser;
}
