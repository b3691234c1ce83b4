import { describe, expect, it } from 'vitest';
import { rejectSeveralChoices } from '../../../providers/ollama/reject-several-choices.js';

describe('rejectSeveralChoices', () => {
  it.each([undefined, null, 1])('accepts n = %s', (n) => {
    expect(() => rejectSeveralChoices(n)).not.toThrow();
  });

  it('refuses n = 2 with invalid_value naming n', () => {
    expect(() => rejectSeveralChoices(2)).toThrow(expect.objectContaining({ status: 400, code: 'invalid_value', param: 'n' }));
  });
});
