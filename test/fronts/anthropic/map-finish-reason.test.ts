import { describe, expect, it } from 'vitest';
import { mapFinishReason } from '../../../fronts/anthropic/map-finish-reason.js';

describe('mapFinishReason', () => {
  it.each([
    ['stop', false, 'end_turn'],
    ['stop', true, 'tool_use'],
    ['tool_calls', true, 'tool_use'],
    ['tool_calls', false, 'end_turn'],
    ['length', false, 'max_tokens'],
    ['length', true, 'max_tokens'],
    ['content_filter', false, 'refusal'],
    [null, false, 'end_turn'],
    [undefined, true, 'tool_use'],
    ['something_new', false, 'end_turn'],
    ['constructor', false, 'end_turn'],
  ] as const)('maps finish_reason %s (tools called: %s) to %s', (finishReason, calledTools, expected) => {
    expect(mapFinishReason(finishReason, calledTools)).toBe(expected);
  });
});
