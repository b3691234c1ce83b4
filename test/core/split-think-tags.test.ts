import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyReasoningStyle, createReasoningStyler } from '../../core/apply-reasoning-style.js';
import type { ChatCompletion, ChatCompletionChunk } from '../../core/openai-types.js';
import { createThinkTagSplitter, splitThinkTags, ThinkTagScanner } from '../../core/split-think-tags.js';

type Delta = ChatCompletionChunk['choices'][number]['delta'];

function chunk(delta: Delta, finishReason: 'stop' | null = null, index = 0): ChatCompletionChunk {
  return { id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'chat', choices: [{ index, delta, logprobs: null, finish_reason: finishReason }] };
}

/** Streams `pieces` as content deltas ending with a finish chunk, and joins what the splitter made of them. */
function splitStream(pieces: readonly string[]): { content: string; reasoning: string } {
  const split = createThinkTagSplitter<ChatCompletionChunk>();
  const deltas = [...pieces.map((piece) => chunk({ content: piece })), chunk({}, 'stop')].map((each) => split(each).choices[0]?.delta ?? {});
  return { content: deltas.map((delta) => delta.content ?? '').join(''), reasoning: deltas.map((delta) => delta.reasoning_content ?? '').join('') };
}

function cutEvery(text: string, size: number): string[] {
  const pieces: string[] = [];
  for (let at = 0; at < text.length; at += size) pieces.push(text.slice(at, at + size));
  return pieces;
}

const answer = '<think>\nThe user greets me. Café ☕ first.\n</think>\n\nBonjour ! 🌍';

describe('ThinkTagScanner', () => {
  it.each([
    ['text without tags', 'plain answer', { content: 'plain answer', reasoning: '' }],
    ['a leading block', '<think>why</think>answer', { content: 'answer', reasoning: 'why' }],
    ['two blocks', '<think>a</think>b<think>c</think>d', { content: 'bd', reasoning: 'ac' }],
    ['a block never closed', '<think>still thinking', { content: '', reasoning: 'still thinking' }],
    ['a lone closing tag', 'a</think>b', { content: 'a</think>b', reasoning: '' }],
    ['something like a tag', '<thinking>x', { content: '<thinking>x', reasoning: '' }],
    ['a tag start at the very end', 'answer <thi', { content: 'answer <thi', reasoning: '' }],
  ])('splits %s', (_name, text, expected) => {
    const scanner = new ThinkTagScanner();
    const split = scanner.scan(text);
    const rest = scanner.flush();
    expect({ content: split.content + rest.content, reasoning: split.reasoning + rest.reasoning }).toEqual(expected);
  });

  it('holds back a tag start until the next text tells what it is', () => {
    const scanner = new ThinkTagScanner();
    expect(scanner.scan('ok <thi')).toEqual({ content: 'ok ', reasoning: '' });
    expect(scanner.scan('nk>why')).toEqual({ content: '', reasoning: 'why' });
  });
});

describe('createThinkTagSplitter', () => {
  it('moves the think block of a whole content delta to reasoning_content', () => {
    expect(splitStream([answer])).toEqual({ content: '\n\nBonjour ! 🌍', reasoning: '\nThe user greets me. Café ☕ first.\n' });
  });

  it.each([1, 2, 3, 5, 7])('gives the same split when the content arrives %i characters at a time', (size) => {
    expect(splitStream(cutEvery(answer, size))).toEqual(splitStream([answer]));
  });

  it('gives the same split when the content arrives one UTF-16 unit at a time, surrogate pairs cut', () => {
    expect(splitStream(answer.split(''))).toEqual(splitStream([answer]));
  });

  it('gives out a held-back tag start with the finish chunk', () => {
    const split = createThinkTagSplitter<ChatCompletionChunk>();
    expect(split(chunk({ content: 'a <thi' })).choices[0]?.delta).toEqual({ content: 'a ' });
    expect(split(chunk({}, 'stop')).choices[0]?.delta).toEqual({ content: '<thi' });
  });

  it('leaves chunks without content as they are', () => {
    const split = createThinkTagSplitter<ChatCompletionChunk>();
    const usage: ChatCompletionChunk = { id: 'c', object: 'chat.completion.chunk', created: 1, model: 'chat', choices: [], usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } };
    const role = chunk({ role: 'assistant' });
    expect(split(role)).toEqual(role);
    expect(split(usage)).toEqual(usage);
  });

  it('keeps reasoning the upstream sent itself, before the split text', () => {
    const split = createThinkTagSplitter<ChatCompletionChunk>();
    expect(split(chunk({ reasoning_content: 'parsed ', content: '<think>inline</think>' })).choices[0]?.delta).toEqual({ content: '', reasoning_content: 'parsed inline' });
  });

  it('keeps a state per choice', () => {
    const split = createThinkTagSplitter<ChatCompletionChunk>();
    const deltas = [chunk({ content: '<think>x' }, null, 0), chunk({ content: 'plain' }, null, 1), chunk({ content: '</think>X' }, null, 0)].map(
      (each) => split(each).choices[0]?.delta,
    );
    expect(deltas).toEqual([{ reasoning_content: 'x', content: '' }, { content: 'plain' }, { content: 'X' }]);
  });

  it('splits any content the same way however it is cut', () => {
    const piece = fc.oneof(fc.constantFrom('<think>', '</think>', '<', '<th', 'think>', '</', '>'), fc.string({ maxLength: 6 }));
    const text = fc.array(piece, { maxLength: 12 }).map((pieces) => pieces.join(''));
    const cuts = fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 40 });
    fc.assert(
      fc.property(text, cuts, (content, sizes) => {
        const pieces: string[] = [];
        let at = 0;
        for (let index = 0; at < content.length; index += 1) {
          const size = sizes[index % sizes.length] ?? 1;
          pieces.push(content.slice(at, at + size));
          at += size;
        }
        expect(splitStream(pieces)).toEqual(splitStream([content]));
      }),
      { numRuns: 300 },
    );
  });

  it('reaches the tag handling with most generated content', () => {
    const piece = fc.oneof(fc.constantFrom('<think>', '</think>', '<th'), fc.string({ maxLength: 6 }));
    const content = fc.array(piece, { maxLength: 12 }).map((pieces) => pieces.join(''));
    const share = measureShare(content, (text) => splitStream([text]).reasoning !== '' || text.includes('<th'));
    expect(share).toBeGreaterThan(50);
  });
});

/** The percentage of generated values for which `reaches` holds, as `fc.statistics` reports it. */
function measureShare<Value>(values: fc.Arbitrary<Value>, reaches: (value: Value) => boolean): number {
  let share = 0;
  const logger = (line: string) => {
    const match = /^reaches\.+([\d.]+)%$/.exec(line.trim());
    if (match?.[1] !== undefined) share = Number(match[1]);
  };
  fc.statistics(values, (value) => (reaches(value) ? 'reaches' : 'misses'), { numRuns: 500, logger });
  return share;
}

describe('splitThinkTags', () => {
  function completion(content: string | null): ChatCompletion {
    return {
      id: 'chatcmpl-1',
      object: 'chat.completion',
      created: 1,
      model: 'chat',
      choices: [{ index: 0, message: { role: 'assistant', content }, logprobs: null, finish_reason: 'stop' }],
      usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
    };
  }

  it('moves a whole response’s think block to reasoning_content', () => {
    expect(splitThinkTags(completion('<think>why</think>because')).choices[0]?.message).toEqual({ role: 'assistant', content: 'because', reasoning_content: 'why' });
  });

  it.each([['text without tags', 'plain'], ['no content', null]])('leaves %s as it is', (_name, content) => {
    const response = completion(content);
    expect(splitThinkTags(response)).toEqual(response);
  });
});

describe('think_tags and the splitter', () => {
  it('give back the reasoning and the content that went in', () => {
    fc.assert(
      fc.property(fc.string().filter((text) => !text.includes('<')), fc.string().filter((text) => !text.includes('<')), (reasoning, content) => {
        const styled = applyReasoningStyle(
          { choices: [{ index: 0, message: { role: 'assistant', content, ...(reasoning === '' ? {} : { reasoning_content: reasoning }) } }] },
          'think_tags',
        );
        const split = splitThinkTags(styled).choices[0]?.message;
        expect(split?.reasoning_content ?? '').toBe(reasoning);
        expect(split?.content).toBe(content);
      }),
    );
  });

  it('give back a streamed answer’s reasoning and content', () => {
    const styler = createReasoningStyler<ChatCompletionChunk>('think_tags');
    const split = createThinkTagSplitter<ChatCompletionChunk>();
    const stream = [chunk({ reasoning_content: 'Two ' }), chunk({ reasoning_content: 'and two' }), chunk({ content: 'Four' }), chunk({}, 'stop')];
    const deltas = stream.map((each) => split(styler(each)).choices[0]?.delta ?? {});
    expect(deltas.map((delta) => delta.reasoning_content ?? '').join('')).toBe('Two and two');
    expect(deltas.map((delta) => delta.content ?? '').join('')).toBe('Four');
  });
});
