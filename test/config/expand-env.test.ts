import { describe, expect, it } from 'vitest';
import { expandString, ExpansionError } from '../../config/expand-env.js';

describe('expandString', () => {
  it.each([
    ['${NAME}', { NAME: 'value' }, 'value'],
    ['prefix-${NAME}-suffix', { NAME: 'mid' }, 'prefix-mid-suffix'],
    ['${A}${B}', { A: 'one', B: 'two' }, 'onetwo'],
    ['${NAME:-fallback}', {}, 'fallback'],
    ['${NAME:-fallback}', { NAME: 'set' }, 'set'],
    ['${NAME:-fallback}', { NAME: '' }, 'fallback'],
    ['${NAME:-}', {}, ''],
    ['${NAME:-http://127.0.0.1:11434}', {}, 'http://127.0.0.1:11434'],
    ['${NAME}', { NAME: '' }, ''],
    ['no references', {}, 'no references'],
  ])('expands %j with %j to %j', (text, environment, expected) => {
    expect(expandString(text, environment, ['key'])).toBe(expected);
  });

  it('refuses a variable that is not set and has no default, naming the variable and the key path', () => {
    let thrown: unknown;
    try {
      expandString('${MISSING_VARIABLE}', {}, ['connections', 0, 'api_key']);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ExpansionError);
    expect((thrown as ExpansionError).path).toEqual(['connections', 0, 'api_key']);
    expect((thrown as ExpansionError).message).toContain('MISSING_VARIABLE');
  });
});
