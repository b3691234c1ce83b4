/**
 * Holds back the unfinished end of a passed-through SSE body, so that what reaches the
 * client always ends between two events. When the upstream dies in the middle of an event,
 * the gateway's final error event then stands on its own instead of being glued onto a
 * half line that no SSE parser can read. Whole events pass on unaltered, as they arrive.
 */
const boundaries = [Buffer.from('\n\n'), Buffer.from('\r\n\r\n'), Buffer.from('\r\r')];
const doneEvent = Buffer.from('data: [DONE]');

/** Past this an event is not held back any more (matches the longest line read elsewhere). */
const maxHeldBytes = 4 * 1024 * 1024;

function endOfLastEvent(bytes: Buffer): number {
  let end = 0;
  for (const boundary of boundaries) {
    const index = bytes.lastIndexOf(boundary);
    if (index !== -1) end = Math.max(end, index + boundary.length);
  }
  return end;
}

export class SseEventAligner {
  /** Whether `data: [DONE]` went through: the client has its whole answer. */
  sawDone = false;
  private held: Buffer | undefined;

  /** The complete events of what arrived so far; an empty buffer while an event is unfinished. */
  push(chunk: Buffer): Buffer {
    const bytes = this.held ? Buffer.concat([this.held, chunk]) : chunk;
    const end = bytes.length > maxHeldBytes ? bytes.length : endOfLastEvent(bytes);
    this.held = end < bytes.length ? bytes.subarray(end) : undefined;
    const ready = end === bytes.length ? bytes : bytes.subarray(0, end);
    if (!this.sawDone && ready.includes(doneEvent)) this.sawDone = true;
    return ready;
  }

  /** What is left when the upstream ended cleanly (a last event without its blank line). */
  flush(): Buffer | undefined {
    const rest = this.held;
    this.held = undefined;
    return rest;
  }
}
