/**
 * The hook keys of gateway.config.yaml (config/hooks-schema.ts), read through the whole
 * configuration schema as the gateway reads them.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../../config/load-config.js';

const connection = ['connections:', '  - name: local', '    mode: ollama', '    base_url: http://127.0.0.1:11434'];

function parse(lines: string[]) {
  return parseConfig([...connection, ...lines].join('\n'), 'test.yaml', {});
}

function problemsOf(lines: string[]): string[] {
  try {
    parse(lines);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('the configuration was accepted');
}

describe('hooks in the configuration', () => {
  it('default to none, with no declarative hooks and the default reasoning style', () => {
    const config = parse(['models:', '  - { name: chat, connection: local, model: llama3.2 }']);
    expect(config.hooks).toEqual([]);
    expect(config.models[0]?.hooks).toBeUndefined();
    expect(config.models[0]?.reasoning_style).toBeUndefined();
    expect(config.connections[0]?.reasoning_style).toBe('reasoning_content');
  });

  it('take modules with a model filter and a timeout of 2 s unless given', () => {
    const config = parse(['hooks:', '  - module: ./hooks/redact.js', '    models: [chat]', '  - { module: ./hooks/audit.js, timeout_ms: 500 }']);
    expect(config.hooks).toEqual([
      { module: './hooks/redact.js', models: ['chat'], timeout_ms: 2000 },
      { module: './hooks/audit.js', timeout_ms: 500 },
    ]);
  });

  it('take declarative hooks on an alias and on an API key', () => {
    const config = parse([
      'server:',
      '  api_keys:',
      '    - key: sk-team',
      '      hooks: { clamp: { max_tokens: { max: 1024 } }, drop: [logit_bias] }',
      'models:',
      '  - name: chat',
      '    connection: local',
      '    model: llama3.2',
      '    reasoning_style: think_tags',
      '    hooks: { system_prompt: Answer in French., force: { temperature: 0.2 } }',
    ]);
    expect(config.models[0]).toMatchObject({ reasoning_style: 'think_tags', hooks: { system_prompt: 'Answer in French.', force: { temperature: 0.2 } } });
    expect(config.server.api_keys[0]).toMatchObject({ hooks: { clamp: { max_tokens: { max: 1024 } }, drop: ['logit_bias'] } });
  });

  it.each([
    ['a module without a path', ['hooks:', '  - { models: [chat] }'], 'hooks[0].module'],
    ['an unknown hook key', ['hooks:', '  - { module: ./a.js, model: chat }'], 'hooks[0].model: unknown key'],
    ['an empty model list', ['hooks:', '  - { module: ./a.js, models: [] }'], 'hooks[0].models'],
    ['a timeout of zero', ['hooks:', '  - { module: ./a.js, timeout_ms: 0 }'], 'hooks[0].timeout_ms'],
    ['forcing the model', ['models:', '  - { name: chat, connection: local, model: m, hooks: { force: { model: big } } }'], "'model' cannot be changed by a hook"],
    ['dropping the messages', ['models:', '  - { name: chat, connection: local, model: m, hooks: { drop: [messages] } }'], "'messages' cannot be changed by a hook"],
    ['clamping stream', ['models:', '  - { name: chat, connection: local, model: m, hooks: { clamp: { stream: { max: 0 } } } }'], "'stream' cannot be changed by a hook"],
    ['bounds without max or min', ['models:', '  - { name: chat, connection: local, model: m, hooks: { clamp: { max_tokens: {} } } }'], 'give max, min or both'],
    ['min above max', ['models:', '  - { name: chat, connection: local, model: m, hooks: { clamp: { top_p: { min: 0.9, max: 0.1 } } } }'], 'min must not be larger than max'],
    ['a field both forced and dropped', ['models:', '  - { name: chat, connection: local, model: m, hooks: { force: { user: x }, drop: [user] } }'], "'user' is both forced and dropped"],
    ['an unknown declarative key', ['models:', '  - { name: chat, connection: local, model: m, hooks: { prompt: x } }'], 'models[0].hooks.prompt: unknown key'],
    ['an unknown reasoning style', ['models:', '  - { name: chat, connection: local, model: m, reasoning_style: tags }'], 'models[0].reasoning_style'],
  ])('refuse %s', (_name, lines, problem) => {
    expect(problemsOf(lines).join('\n')).toContain(problem);
  });

  it('take split_think_tags on OpenAI-compatible connections only', () => {
    const config = parseConfig(
      ['connections:', '  - { name: llama, mode: openai_compatible, base_url: http://127.0.0.1:8080/v1, split_think_tags: true }'].join('\n'),
      'test.yaml',
      {},
    );
    expect(config.connections[0]).toMatchObject({ split_think_tags: true });
    expect(problemsOf(['    split_think_tags: true']).join('\n')).toContain('split_think_tags: unknown key');
  });
});
