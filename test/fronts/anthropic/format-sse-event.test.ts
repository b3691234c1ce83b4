import { describe, expect, it } from 'vitest';
import { formatSseEvent } from '../../../fronts/anthropic/format-sse-event.js';

describe('formatSseEvent', () => {
  it('names the event after the payload type and sends the JSON on one data line', () => {
    expect(formatSseEvent({ type: 'content_block_stop', index: 2 })).toBe(
      'event: content_block_stop\ndata: {"type":"content_block_stop","index":2}\n\n',
    );
  });

  it('keeps newlines in text inside the data line, escaped', () => {
    const frame = formatSseEvent({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'a\n\nb' } });
    expect(frame.split('\n')).toHaveLength(4);
    expect(frame).toContain('"text":"a\\n\\nb"');
  });
});
