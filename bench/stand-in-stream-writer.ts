/**
 * Writes a streamed answer on a fixed timetable: the head and the first content chunk at
 * once, then one content chunk every `delayMs` measured from the start (so timer lateness
 * does not add up over 200 chunks), then the tail right after the last one. With a delay of
 * 0 every chunk is still its own write on its own event-loop turn, as a real server does.
 */
import type { ServerResponse } from 'node:http';

export interface TimedStream {
  head: readonly Buffer[];
  paced: readonly Buffer[];
  tail: readonly Buffer[];
  delayMs: number;
}

export function writeTimedStream(res: ServerResponse, stream: TimedStream): void {
  const start = performance.now();
  let index = 0;
  let closed = false;
  let timer: NodeJS.Timeout | undefined;
  res.on('close', () => {
    closed = true;
    if (timer) clearTimeout(timer);
  });
  for (const chunk of stream.head) res.write(chunk);
  const writeNext = (): void => {
    timer = undefined;
    if (closed) return;
    const chunk = stream.paced[index];
    if (chunk) res.write(chunk);
    index += 1;
    if (index >= stream.paced.length) {
      for (const piece of stream.tail) res.write(piece);
      res.end();
      return;
    }
    if (stream.delayMs <= 0) {
      setImmediate(writeNext);
      return;
    }
    const due = start + index * stream.delayMs;
    timer = setTimeout(writeNext, Math.max(0, due - performance.now()));
  };
  writeNext();
}
