import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../../core/gateway-error.js';
import { mapThink } from '../../../providers/ollama/map-think.js';

describe('mapThink', () => {
  it.each([
    [undefined, undefined, undefined],
    [true, undefined, true],
    [false, 'high', false],
    ['medium', undefined, 'medium'],
    [undefined, null, undefined],
    [undefined, 'none', false],
    [undefined, 'minimal', 'low'],
    [undefined, 'low', 'low'],
    [undefined, 'medium', 'medium'],
    [undefined, 'high', 'high'],
    [undefined, 'xhigh', 'high'],
  ])('maps think %s and reasoning_effort %s to %s', (think, effort, expected) => {
    expect(mapThink(think, effort)).toBe(expected);
  });

  it('refuses an unknown reasoning_effort naming the field', () => {
    expect(() => mapThink(undefined, 'maximal')).toThrow(expect.objectContaining({ status: 400, param: 'reasoning_effort' }));
  });

  it('refuses a think value Ollama does not take', () => {
    expect(() => mapThink('extreme', undefined)).toThrow(GatewayError);
  });
});
