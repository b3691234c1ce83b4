/**
 * Frames stream events as SSE, `event: <type>` then `data: <json>`, numbering them from 0
 * in `sequence_number`, which clients use to order events and to resume a stream
 * (`starting_after` in the SDK). The JSON starts with `type` and `sequence_number`, as
 * OpenAI's does.
 */
import type { StreamEvent } from './stream-event-types.js';

export interface EventWriter {
  write(event: StreamEvent): string;
}

export function createEventWriter(): EventWriter {
  let next = 0;
  return {
    write(event) {
      const { type, ...fields } = event;
      const data = JSON.stringify({ type, sequence_number: next++, ...fields });
      return `event: ${type}\ndata: ${data}\n\n`;
    },
  };
}
