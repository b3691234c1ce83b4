/**
 * Whatever mix of thinking, text and tool-call fragments a chat stream carries, the front
 * writes a well-formed Anthropic stream: message_start first, blocks opened one at a time
 * with indexes 0, 1, 2…, each stopped before the next, one message_delta, message_stop
 * last; and the blocks, accumulated the way Anthropic's SDK does, hold exactly the input.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ChatCompletionChunk } from '../../../core/openai-types.js';
import { translateStream } from '../../../fronts/anthropic/translate-stream.js';
import { context, createChunk, createUsageChunk, readEvents, type StreamEvent } from './stream-support.js';

type Segment = { kind: 'text' | 'thinking'; pieces: string[] } | { kind: 'tool'; name: string; pieces: string[] };
type Block = { type: 'text'; text: string } | { type: 'thinking'; thinking: string } | { type: 'tool_use'; name: string; json: string };

const segment: fc.Arbitrary<Segment> = fc.oneof(
  fc.record({ kind: fc.constantFrom('text' as const, 'thinking' as const), pieces: fc.array(fc.string({ minLength: 1 }), { minLength: 1, maxLength: 4 }) }),
  fc.record({ kind: fc.constant('tool' as const), name: fc.string({ minLength: 1 }), pieces: fc.array(fc.string(), { maxLength: 4 }) }),
);
const scenario = fc.record({
  segments: fc.array(segment, { minLength: 1, maxLength: 8 }),
  finishReason: fc.constantFrom('stop' as const, 'length' as const, 'tool_calls' as const, null),
  withUsage: fc.boolean(),
});

function createChunks(segments: readonly Segment[]): ChatCompletionChunk[] {
  let toolIndex = 0;
  return segments.flatMap((part) => {
    if (part.kind !== 'tool') {
      return part.pieces.map((piece) => createChunk(part.kind === 'text' ? { content: piece } : { reasoning_content: piece }));
    }
    const index = toolIndex++;
    const [first = '', ...rest] = part.pieces;
    return [
      createChunk({ tool_calls: [{ index, id: `call_${index}`, type: 'function', function: { name: part.name, arguments: first } }] }),
      ...rest.map((piece) => createChunk({ tool_calls: [{ index, function: { arguments: piece } }] })),
    ];
  });
}

/** The blocks the segments should give: same-kind text or thinking in a row is one block. */
function expectBlocks(segments: readonly Segment[]): Block[] {
  const blocks: Block[] = [];
  for (const part of segments) {
    const last = blocks.at(-1);
    const joined = part.pieces.join('');
    if (part.kind === 'tool') blocks.push({ type: 'tool_use', name: part.name, json: joined });
    else if (part.kind === 'text') last?.type === 'text' ? (last.text += joined) : blocks.push({ type: 'text', text: joined });
    else last?.type === 'thinking' ? (last.thinking += joined) : blocks.push({ type: 'thinking', thinking: joined });
  }
  return blocks;
}

/** Accumulates blocks by index, as Anthropic's SDK does, checking the order of events. */
function accumulate(events: readonly StreamEvent[]): Block[] {
  const blocks: Block[] = [];
  let open: number | undefined;
  for (const { event, data } of events) {
    if (event === 'content_block_start') {
      expect(open).toBeUndefined();
      expect(data.index).toBe(blocks.length);
      open = blocks.length;
      const start = data.content_block as { type: string; name?: string };
      blocks.push(start.type === 'tool_use' ? { type: 'tool_use', name: start.name ?? '', json: '' } : start.type === 'text' ? { type: 'text', text: '' } : { type: 'thinking', thinking: '' });
    } else if (event === 'content_block_delta') {
      expect(data.index).toBe(open);
      const block = blocks[open ?? -1];
      const delta = data.delta as { type: string; text?: string; thinking?: string; partial_json?: string };
      if (block?.type === 'text' && delta.type === 'text_delta') block.text += delta.text;
      else if (block?.type === 'thinking' && delta.type === 'thinking_delta') block.thinking += delta.thinking;
      else if (block?.type === 'tool_use' && delta.type === 'input_json_delta') block.json += delta.partial_json;
      else expect(block?.type === 'thinking' && delta.type === 'signature_delta').toBe(true);
    } else if (event === 'content_block_stop') {
      expect(data.index).toBe(open);
      open = undefined;
    }
  }
  expect(open).toBeUndefined();
  return blocks;
}

describe('translateStream on arbitrary chat streams', () => {
  it('writes a well-formed stream whose blocks hold exactly the input', () => {
    fc.assert(
      fc.property(scenario, ({ segments, finishReason, withUsage }) => {
        const stream = translateStream(context);
        const chunks = [...createChunks(segments), createChunk({}, finishReason)];
        if (withUsage) chunks.push(createUsageChunk({ prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 }));
        const events = readEvents([...chunks.flatMap((chunk) => stream.push(chunk)), ...stream.end()]);
        const names = events.map((event) => event.event);
        expect(names.slice(0, 2)).toEqual(['message_start', 'ping']);
        expect(names.slice(-2)).toEqual(['message_delta', 'message_stop']);
        expect(names.filter((name) => name === 'message_delta')).toHaveLength(1);
        expect(accumulate(events)).toEqual(expectBlocks(segments));
      }),
      { numRuns: 200 },
    );
  });

  it('reaches tool calls, text and thinking in most generated streams', () => {
    const counts = { tool: 0, text: 0, thinking: 0 };
    fc.assert(
      fc.property(scenario, ({ segments }) => {
        for (const kind of ['tool', 'text', 'thinking'] as const) {
          if (segments.some((part) => part.kind === kind)) counts[kind] += 1;
        }
      }),
      { numRuns: 200 },
    );
    expect(counts.tool).toBeGreaterThan(100);
    expect(counts.text).toBeGreaterThan(100);
    expect(counts.thinking).toBeGreaterThan(100);
  });
});
