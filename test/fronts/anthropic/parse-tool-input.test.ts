import { describe, expect, it } from 'vitest';
import { parseToolInput } from '../../../fronts/anthropic/parse-tool-input.js';

describe('parseToolInput', () => {
  it.each([
    ['a JSON object', '{"city":"Paris","days":2}', { city: 'Paris', days: 2 }],
    ['an empty object', '{}', {}],
    ['an empty string', '', {}],
    ['malformed JSON', '{"city": "Par', {}],
    ['a JSON array', '[1,2]', {}],
    ['a JSON string', '"Paris"', {}],
    ['null', 'null', {}],
  ])('reads %s', (_name, text, expected) => {
    expect(parseToolInput(text)).toEqual(expected);
  });
});
