import { describe, expect, it } from 'vitest';
import { isGatewayError, upstreamError, upstreamTimeout } from '../../../core/gateway-error.js';
import { translateStream, type ResponsesStream } from '../../../fronts/responses/translate-stream.js';
import { chunk, context, parseRequest, readEvents, toolChunk, type SseEvent } from './fixtures.js';

function open(): ResponsesStream {
  return translateStream(parseRequest({ stream: true }), context);
}

const types = (events: SseEvent[]) => events.map((event) => event.event);

describe('translateStream when the stream breaks', () => {
  it('ends a broken stream with response.failed carrying the error and the output so far', () => {
    const stream = open();
    const frames = [...stream.push(chunk({ content: 'Hel' })), ...stream.fail(upstreamTimeout())];
    const events = readEvents(frames);
    expect(types(events).slice(-2)).toEqual(['response.output_text.delta', 'response.failed']);
    expect(events.at(-1)?.data.response).toMatchObject({
      status: 'failed',
      error: { code: 'upstream_timeout', message: 'The upstream server did not answer in time.' },
      output: [{ type: 'message', status: 'incomplete', content: [{ type: 'output_text', text: 'Hel' }] }],
    });
    expect(stream.result()?.status).toBe('failed');
  });

  it('opens the response before failing when nothing came', () => {
    const events = readEvents(open().fail(upstreamError('refused', 'refused')));
    expect(types(events)).toEqual(['response.created', 'response.in_progress', 'response.failed']);
  });

  it('sends nothing after it ended', () => {
    const stream = open();
    stream.push(chunk({ content: 'Hi' }));
    stream.end();
    expect([...stream.push(chunk({ content: 'more' })), ...stream.end(), ...stream.fail(upstreamTimeout())]).toEqual([]);
  });

  it('refuses a tool call that goes on after the next output began, then fails without a gap in numbering', () => {
    const stream = open();
    const frames = [
      ...stream.push(toolChunk({ index: 0, id: 'call_1', type: 'function', function: { name: 'a', arguments: '{' } })),
      ...stream.push(toolChunk({ index: 1, id: 'call_2', type: 'function', function: { name: 'b', arguments: '{}' } })),
    ];
    let caught: unknown;
    try {
      stream.push(chunk({ content: 'x', tool_calls: [{ index: 0, function: { arguments: '}' } }] }));
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ status: 502, upstreamReason: 'bad_response' });
    if (!isGatewayError(caught)) throw new Error('expected a GatewayError');
    const events = readEvents([...frames, ...stream.fail(caught)]);
    expect(events.map((event) => event.data.sequence_number)).toEqual(events.map((_event, index) => index));
    expect(events.at(-1)?.event).toBe('response.failed');
  });
});
