import { describe, expect, it } from 'vitest';
import { createToolUseId } from '../../../fronts/anthropic/create-tool-use-id.js';

describe('createToolUseId', () => {
  it.each([
    ['msg_01abc', 0, 'toolu_01abc_0'],
    ['msg_01abc', 3, 'toolu_01abc_3'],
    ['resp-without-prefix', 1, 'toolu_resp-without-prefix_1'],
  ])('derives an id from %s at position %i', (responseId, position, expected) => {
    expect(createToolUseId(responseId, position)).toBe(expected);
  });
});
