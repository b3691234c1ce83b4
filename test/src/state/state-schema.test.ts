/** The `state:` section of the configuration, read the way the gateway reads its file. */
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../../config/load-config.js';
import { resolveStatePath } from '../../../config/state-schema.js';

function problemsOf(text: string, environment: NodeJS.ProcessEnv = {}): string[] {
  try {
    parseConfig(text, 'gateway.config.yaml', environment);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('state configuration', () => {
  it('defaults to a sqlite file next to the configuration', () => {
    expect(parseConfig('', 'gateway.config.yaml', {}).state).toEqual({
      store: 'sqlite',
      path: './switchyard-state.db',
      redis_url: '',
      key_prefix: 'switchyard:',
    });
  });

  it('takes a Redis URL from the environment', () => {
    const text = 'state:\n  store: redis\n  redis_url: ${REDIS_URL}\n';
    expect(parseConfig(text, 'gateway.config.yaml', { REDIS_URL: 'redis://cache:6379/2' }).state.redis_url).toBe('redis://cache:6379/2');
  });

  it.each([
    ['store: redis without a URL', 'state:\n  store: redis\n', /^state\.redis_url: .*needs state\.redis_url/],
    ['a URL that is not redis', 'state:\n  store: redis\n  redis_url: http://cache:6379\n', /^state\.redis_url: must be a redis:\/\/ or rediss:\/\/ URL$/],
    ['an unknown store', 'state:\n  store: postgres\n', /^state\.store: /],
    ['a misspelt key', 'state:\n  key_prefx: "gw:"\n', /^state\.key_prefx: unknown key$/],
    ['an empty path', "state:\n  path: ''\n", /^state\.path: /],
  ])('refuses %s, naming the key', (_case, text, problem) => {
    const problems = problemsOf(text);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(problem);
  });

  it.each([
    ['./switchyard-state.db', '/etc/switchyard', '/etc/switchyard/switchyard-state.db'],
    ['data/state.db', '/etc/switchyard', '/etc/switchyard/data/state.db'],
    ['../state.db', '/etc/switchyard', '/etc/state.db'],
    ['/var/lib/switchyard/state.db', '/etc/switchyard', '/var/lib/switchyard/state.db'],
    [':memory:', '/etc/switchyard', ':memory:'],
  ])('resolves path %s from the configuration folder %s', (path, folder, expected) => {
    expect(resolveStatePath(path, folder)).toBe(expected);
  });
});
