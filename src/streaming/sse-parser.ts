/**
 * A streaming reader of server-sent events for upstreams that frame with SSE: emits the
 * parsed JSON of each `data:` payload, ends at `data: [DONE]`. Lines may arrive split
 * across chunks, multibyte characters included.
 */
import { Transform, type TransformCallback } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { upstreamError } from '../../core/gateway-error.js';

const maxLineLength = 4 * 1024 * 1024;

export function parseSseData(): Transform {
  const decoder = new StringDecoder('utf8');
  let tail = '';
  let data: string[] = [];
  let done = false;

  function dispatch(stream: Transform): void {
    if (data.length === 0) return;
    const payload = data.join('\n');
    data = [];
    if (payload === '[DONE]') {
      done = true;
      return;
    }
    try {
      stream.push(JSON.parse(payload));
    } catch {
      throw upstreamError(`The upstream sent an event that is not JSON: ${payload.slice(0, 80)}`, 'bad_response');
    }
  }

  function consume(stream: Transform, text: string): void {
    const lines = (tail + text).split(/\r\n|\r|\n/);
    tail = lines.pop() ?? '';
    // A line this long is a broken upstream, not an event; unbounded it would fill memory.
    if (tail.length > maxLineLength) throw upstreamError('The upstream sent an event line longer than 4 MB.', 'bad_response');
    for (const line of lines) {
      if (done) return;
      if (line === '') dispatch(stream);
      else if (line.startsWith('data:')) data.push(line.slice(line.startsWith('data: ') ? 6 : 5));
    }
  }

  return new Transform({
    readableObjectMode: true,
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      try {
        consume(this, decoder.write(chunk));
        callback();
      } catch (error) {
        callback(error as Error);
      }
    },
    flush(callback: TransformCallback) {
      try {
        consume(this, `${decoder.end()}\n\n`);
        callback();
      } catch (error) {
        callback(error as Error);
      }
    },
  });
}
