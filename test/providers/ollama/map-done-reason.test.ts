import { describe, expect, it } from 'vitest';
import { mapDoneReason } from '../../../providers/ollama/map-done-reason.js';

describe('mapDoneReason', () => {
  it.each([
    ['stop', false, 'stop'],
    ['length', false, 'length'],
    ['load', false, 'stop'],
    ['unload', false, 'stop'],
    [undefined, false, 'stop'],
    [null, false, 'stop'],
    ['something_new', false, 'stop'],
    ['constructor', false, 'stop'],
    ['stop', true, 'tool_calls'],
    ['length', true, 'tool_calls'],
    [undefined, true, 'tool_calls'],
  ] as const)('maps done_reason %s (tools called: %s) to %s', (doneReason, calledTools, expected) => {
    expect(mapDoneReason(doneReason, calledTools)).toBe(expected);
  });
});
