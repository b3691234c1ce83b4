import { describe, expect, it } from 'vitest';
import { createBlockWriter } from '../../../fronts/anthropic/create-block-writer.js';
import { readEvents, summarize } from './stream-support.js';

describe('createBlockWriter', () => {
  it('keeps appending to the open block while the kind stays the same', () => {
    const writer = createBlockWriter('msg_1');
    const frames = [...writer.appendText('a'), ...writer.appendText('b'), ...writer.close()];
    expect(summarize(readEvents(frames))).toEqual(['start[0]', 'delta[0] text_delta', 'delta[0] text_delta', 'stop[0]']);
  });

  it('opens a new block with the next index when the kind changes back', () => {
    const writer = createBlockWriter('msg_1');
    const frames = [
      ...writer.appendText('before'),
      ...writer.appendToolCall({ index: 0, id: 'call_1', function: { name: 'lookup', arguments: '{}' } }),
      ...writer.appendText('after'),
      ...writer.close(),
    ];
    expect(summarize(readEvents(frames))).toEqual([
      'start[0]',
      'delta[0] text_delta',
      'stop[0]',
      'start[1]',
      'delta[1] input_json_delta',
      'stop[1]',
      'start[2]',
      'delta[2] text_delta',
      'stop[2]',
    ]);
  });

  it('treats a new id at a known tool-call index as a new call', () => {
    const writer = createBlockWriter('msg_1');
    const frames = [
      ...writer.appendToolCall({ index: 0, id: 'call_1', function: { name: 'first', arguments: '{"a":1}' } }),
      ...writer.appendToolCall({ index: 0, id: 'call_2', function: { name: 'second', arguments: '{"b":2}' } }),
    ];
    const starts = readEvents(frames).filter((event) => event.event === 'content_block_start');
    expect(starts.map((event) => [event.data.index, event.data.content_block])).toEqual([
      [0, { type: 'tool_use', id: 'call_1', name: 'first', input: {} }],
      [1, { type: 'tool_use', id: 'call_2', name: 'second', input: {} }],
    ]);
  });

  it('gives a tool call without an id one derived from the response id', () => {
    const writer = createBlockWriter('msg_abc');
    const [start] = readEvents(writer.appendToolCall({ index: 0, function: { name: 'lookup', arguments: '' } }));
    expect(start?.data.content_block).toMatchObject({ id: 'toolu_abc_0' });
  });

  it('sends a late fragment of an earlier call to that call’s block', () => {
    const writer = createBlockWriter('msg_1');
    writer.appendToolCall({ index: 0, id: 'call_1', function: { name: 'first', arguments: '{"a":' } });
    writer.appendToolCall({ index: 1, id: 'call_2', function: { name: 'second', arguments: '{}' } });
    const [late] = readEvents(writer.appendToolCall({ index: 0, function: { arguments: '1}' } }));
    expect(late?.data).toEqual({ type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: '1}' } });
  });

  it('says whether any tool was called', () => {
    const writer = createBlockWriter('msg_1');
    writer.appendText('no tools yet');
    expect(writer.calledTools).toBe(false);
    writer.appendToolCall({ index: 0, id: 'call_1', function: { name: 'lookup', arguments: '' } });
    expect(writer.calledTools).toBe(true);
  });

  it('closes nothing when no block is open', () => {
    expect(createBlockWriter('msg_1').close()).toEqual([]);
  });
});
