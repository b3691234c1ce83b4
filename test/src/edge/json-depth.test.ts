/**
 * findExcessiveDepth: nesting measured on the raw bytes, before any parse, strings and
 * escapes left alone.
 */
import { describe, expect, it } from 'vitest';
import { findExcessiveDepth } from '../../../src/edge/json-depth.js';

const bytes = (text: string) => Buffer.from(text, 'utf8');

describe('findExcessiveDepth', () => {
  it('accepts nesting up to the limit', () => {
    expect(findExcessiveDepth(bytes('{"a":[[{"b":1}]]}'), 4)).toBeUndefined();
  });

  it('reports the first depth above the limit', () => {
    expect(findExcessiveDepth(bytes('{"a":[[{"b":[1]}]]}'), 4)).toBe(5);
  });

  it('does not count brackets inside strings', () => {
    expect(findExcessiveDepth(bytes('{"a":"[[[[[[{{{{{{"}'), 2)).toBeUndefined();
  });

  it('does not end a string at an escaped quote', () => {
    expect(findExcessiveDepth(bytes('{"a":"\\"[[[[[[","b":1}'), 2)).toBeUndefined();
  });

  it('ends a string at a quote after an escaped backslash', () => {
    expect(findExcessiveDepth(bytes('{"a":"\\\\","b":[[[1]]]}'), 3)).toBe(4);
  });

  it('measures 100 000 levels without overflowing the stack', () => {
    expect(findExcessiveDepth(bytes('['.repeat(100_000) + ']'.repeat(100_000)), 64)).toBe(65);
  });
});
