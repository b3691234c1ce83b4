import { describe, expect, it } from 'vitest';
import { createToolCallId, translateToolCalls } from '../../../providers/ollama/translate-tool-calls.js';

describe('translateToolCalls', () => {
  it('keeps Ollama’s id and writes the arguments as a JSON string', () => {
    expect(translateToolCalls([{ id: 'call_x7k2m9qa', function: { index: 0, name: 'f', arguments: { b: 1, a: [true] } } }])).toEqual([
      { id: 'call_x7k2m9qa', type: 'function', function: { name: 'f', arguments: '{"b":1,"a":[true]}' } },
    ]);
  });

  it.each([
    ['missing', undefined, '{}'],
    ['null', null, '{}'],
    ['already a string', '{"a":1}', '{"a":1}'],
  ])('writes arguments that are %s as %s', (_name, value, expected) => {
    const [call] = translateToolCalls([{ function: { name: 'f', arguments: value } }]);
    expect(call?.function.arguments).toBe(expected);
  });

  it('generates an id when Ollama sends none or an empty one', () => {
    const calls = translateToolCalls([{ function: { name: 'f' } }, { id: '', function: { name: 'g' } }]);
    expect(calls.map((call) => call.id)).toEqual([expect.stringMatching(/^call_/), expect.stringMatching(/^call_/)]);
  });
});

describe('createToolCallId', () => {
  it('creates distinct call_ ids', () => {
    const ids = new Set(Array.from({ length: 100 }, createToolCallId));
    expect(ids.size).toBe(100);
    expect([...ids].every((id) => /^call_[0-9a-f]{24}$/.test(id))).toBe(true);
  });
});
