import { describe, expect, it } from 'vitest';
import { mapThinking } from '../../../fronts/anthropic/map-thinking.js';
import type { OutputConfigParam, ThinkingParam } from '../../../fronts/anthropic/messages-request-schema.js';

describe('mapThinking', () => {
  it.each<[string, ThinkingParam | undefined, OutputConfigParam | undefined, string | undefined]>([
    ['no thinking', undefined, undefined, undefined],
    ['the minimum budget', { type: 'enabled', budget_tokens: 1024 }, undefined, 'low'],
    ['a budget of 4000 ("think")', { type: 'enabled', budget_tokens: 4000 }, undefined, 'low'],
    ['a budget of 4096', { type: 'enabled', budget_tokens: 4096 }, undefined, 'medium'],
    ['a budget of 10000 ("think hard")', { type: 'enabled', budget_tokens: 10_000 }, undefined, 'medium'],
    ['a budget of 16383', { type: 'enabled', budget_tokens: 16_383 }, undefined, 'medium'],
    ['a budget of 16384', { type: 'enabled', budget_tokens: 16_384 }, undefined, 'high'],
    ['a budget of 31999 ("ultrathink")', { type: 'enabled', budget_tokens: 31_999 }, undefined, 'high'],
    ['thinking disabled', { type: 'disabled' }, undefined, undefined],
    ['thinking disabled with an effort', { type: 'disabled' }, { effort: 'high' }, undefined],
    ['adaptive thinking', { type: 'adaptive' }, undefined, undefined],
    ['adaptive thinking with effort low', { type: 'adaptive' }, { effort: 'low' }, 'low'],
    ['an effort over a budget', { type: 'enabled', budget_tokens: 1024 }, { effort: 'high' }, 'high'],
    ['effort xhigh', undefined, { effort: 'xhigh' }, 'xhigh'],
    ['effort max', undefined, { effort: 'max' }, 'xhigh'],
    ['a null effort', { type: 'enabled', budget_tokens: 20_000 }, { effort: null }, 'high'],
  ])('maps %s', (_name, thinking, outputConfig, expected) => {
    expect(mapThinking(thinking, outputConfig)).toBe(expected);
  });
});
