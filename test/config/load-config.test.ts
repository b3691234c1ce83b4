import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseConfig } from '../../config/load-config.js';
import { closeAfterAll } from '../support/close-after.js';

const shippedConfig = join(import.meta.dirname, '..', '..', 'gateway.config.yaml');

/** The ConfigError that parsing `text` throws; fails the test when it parses. */
function configErrorOf(text: string, environment: NodeJS.ProcessEnv = {}, file = 'test.yaml'): ConfigError {
  try {
    parseConfig(text, file, environment);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('the configuration was accepted');
}

const oneOllama = ['connections:', '  - name: local', '    mode: ollama', '    base_url: http://127.0.0.1:11434'].join('\n');
const oneOpenAI = ['connections:', '  - name: vllm', '    mode: openai_compatible', '    base_url: http://127.0.0.1:8000/v1'].join('\n');

describe('the shipped gateway.config.yaml', () => {
  it('loads with nothing set in the environment: 127.0.0.1:4000, an Ollama and a vLLM connection', async () => {
    const config = await loadConfig(shippedConfig, {});
    expect(config.server).toMatchObject({ host: '127.0.0.1', port: 4000, api_keys: [], cors_origins: [] });
    expect(config.connections.map(({ name, mode, base_url }) => ({ name, mode, base_url }))).toEqual([
      { name: 'local-ollama', mode: 'ollama', base_url: 'http://127.0.0.1:11434' },
      { name: 'vllm', mode: 'openai_compatible', base_url: 'http://127.0.0.1:8000/v1' },
    ]);
    expect(config.connections[1]?.api_key).toBe('');
  });

  it('takes PORT, HOST and the base URLs from the environment', async () => {
    const config = await loadConfig(shippedConfig, {
      PORT: '4100',
      HOST: '0.0.0.0',
      OLLAMA_BASE_URL: 'http://ollama.internal:11434',
      VLLM_BASE_URL: 'http://vllm.internal:8000/v1',
    });
    expect(config.server.port).toBe(4100);
    expect(config.server.host).toBe('0.0.0.0');
    expect(config.connections.map((connection) => connection.base_url)).toEqual(['http://ollama.internal:11434', 'http://vllm.internal:8000/v1']);
  });

  it.each(['sk-proj-abc123', '123456', 'secret #1'])('sends VLLM_API_KEY=%j upstream exactly as set', async (key) => {
    const config = await loadConfig(shippedConfig, { VLLM_API_KEY: key });
    expect(config.connections[1]?.api_key).toBe(key);
  });
});

describe('defaults', () => {
  it('fills every server default the contract names', () => {
    expect(parseConfig('', 'empty.yaml', {}).server).toMatchObject({
      host: '127.0.0.1',
      port: 4000,
      api_keys: [],
      body_limit: '20mb',
      shutdown_timeout_ms: 30_000,
      cors_origins: [],
    });
  });

  it('fills every connection default the contract names', () => {
    expect(parseConfig(oneOllama, 'test.yaml', {}).connections[0]).toMatchObject({
      ollama_api: 'generate',
      models: [],
      prefix: '',
      api_key: '',
      headers: {},
      timeout_ms: 600_000,
      idle_timeout_ms: 60_000,
    });
  });

  it('keeps discovered model lists for 10 s unless models_cache_ttl_ms says otherwise', () => {
    expect(parseConfig('', 'empty.yaml', {}).models_cache_ttl_ms).toBe(10_000);
  });
});

describe('${VAR} expansion', () => {
  it('replaces references inside longer strings', () => {
    const config = parseConfig(
      ['connections:', '  - name: vllm', '    mode: openai_compatible', '    base_url: http://${VLLM_HOST}:${VLLM_PORT}/v1'].join('\n'),
      'test.yaml',
      { VLLM_HOST: 'gpu-box', VLLM_PORT: '8001' },
    );
    expect(config.connections[0]?.base_url).toBe('http://gpu-box:8001/v1');
  });

  it('replaces references in list items, header values and alias defaults', () => {
    const config = parseConfig(
      [
        'server:',
        '  cors_origins:',
        '    - ${ORIGIN}',
        oneOpenAI,
        '    headers:',
        '      x-tenant: ${TENANT}',
        'models:',
        '  - name: chat',
        '    connection: vllm',
        '    model: qwen',
        '    defaults:',
        '      max_tokens: ${MAX_TOKENS:-256}',
      ].join('\n'),
      'test.yaml',
      { ORIGIN: 'http://localhost:3000', TENANT: 'team-a' },
    );
    expect(config.server.cors_origins).toEqual(['http://localhost:3000']);
    expect(config.connections[0]?.headers).toEqual({ 'x-tenant': 'team-a' });
    expect(config.models[0]?.defaults).toEqual({ max_tokens: 256 });
  });

  it.each([
    ['server.port', 'server:\n  port: ${VALUE}', '4321', (config: ReturnType<typeof parseConfig>) => config.server.port, 4321],
    ['models_cache_ttl_ms', 'models_cache_ttl_ms: ${VALUE}', '2500', (config: ReturnType<typeof parseConfig>) => config.models_cache_ttl_ms, 2500],
    ['server.shutdown_timeout_ms', 'server:\n  shutdown_timeout_ms: ${VALUE:-5000}', '', (config: ReturnType<typeof parseConfig>) => config.server.shutdown_timeout_ms, 5000],
  ])('reads a number from the environment into %s when the scalar is plain', (_key, text, value, read, expected) => {
    expect(read(parseConfig(text, 'test.yaml', { VALUE: value }))).toBe(expected);
  });

  it('keeps a quoted reference a string, so a quoted port is refused as a wrong type', () => {
    const error = configErrorOf('server:\n  port: "${PORT}"', { PORT: '4000' });
    expect(error.message).toContain('server.port');
  });

  it.each(['sk-abc #1', '123456', 'key: value', '[not, a, list]', 'true'])('puts the environment value %j into a string field exactly as set', (value) => {
    const config = parseConfig(`${oneOpenAI}\n    api_key: \${KEY}`, 'test.yaml', { KEY: value });
    expect(config.connections[0]?.api_key).toBe(value);
  });

  it('refuses a variable that is not set and has no default, naming the file, the key path and the variable', () => {
    const error = configErrorOf(`${oneOpenAI}\n    api_key: \${VLLM_TOKEN}`, {}, 'conf/gateway.yaml');
    expect(error.message).toContain('conf/gateway.yaml');
    expect(error.message).toContain('connections[0].api_key');
    expect(error.message).toContain('VLLM_TOKEN');
  });
});

describe('validation', () => {
  it.each([
    ['a misspelt top-level key', 'modles: []', 'modles'],
    ['a misspelt server key', 'server:\n  prot: 4000', 'server.prot'],
    ['a misspelt connection key', `${oneOllama}\n    timeout: 5000`, 'connections[0].timeout'],
    ['a misspelt alias key', `${oneOllama}\nmodels:\n  - name: chat\n    connection: local\n    model: llama3.2:1b\n    default: {}`, 'models[0].default'],
    ['ollama_api on an OpenAI-compatible connection', `${oneOpenAI}\n    ollama_api: chat`, 'connections[0].ollama_api'],
  ])('refuses %s, naming the file and the key path', (_name, text, path) => {
    const error = configErrorOf(text, {}, 'my-gateway.yaml');
    expect(error.file).toBe('my-gateway.yaml');
    expect(error.message).toContain('my-gateway.yaml');
    expect(error.message).toContain(`${path}: unknown key`);
  });

  it.each([
    ['a port that is a word', 'server:\n  port: http', 'server.port'],
    ['a port out of range', 'server:\n  port: 70000', 'server.port'],
    ['api_keys given as one string', 'server:\n  api_keys: secret', 'server.api_keys'],
    ['cors_origins given as one string', 'server:\n  cors_origins: http://localhost:3000', 'server.cors_origins'],
    ['a body_limit that is not a size', 'server:\n  body_limit: lots', 'server.body_limit'],
    ['a negative shutdown timeout', 'server:\n  shutdown_timeout_ms: -1', 'server.shutdown_timeout_ms'],
    ['a cache TTL that is a word', 'models_cache_ttl_ms: ten', 'models_cache_ttl_ms'],
    ['an unknown mode', 'connections:\n  - name: a\n    mode: olama\n    base_url: http://127.0.0.1:11434', 'connections[0].mode'],
    ['a connection name with capitals', 'connections:\n  - name: My Ollama\n    mode: ollama\n    base_url: http://127.0.0.1:11434', 'connections[0].name'],
    ['a base_url that is not a URL', 'connections:\n  - name: a\n    mode: ollama\n    base_url: localhost', 'connections[0].base_url'],
    ['an unknown ollama_api', `${oneOllama}\n    ollama_api: completions`, 'connections[0].ollama_api'],
    ['a zero timeout_ms', `${oneOllama}\n    timeout_ms: 0`, 'connections[0].timeout_ms'],
    ['models given as one string', `${oneOllama}\n    models: llama3.2:1b`, 'connections[0].models'],
    ['connections given as a map', 'connections:\n  local:\n    mode: ollama', 'connections'],
  ])('refuses %s, naming the key path', (_name, text, path) => {
    expect(configErrorOf(text).message).toContain(`${path}:`);
  });

  it('refuses two connections with one name, naming the second', () => {
    const error = configErrorOf(`${oneOllama}\n  - name: local\n    mode: ollama\n    base_url: http://127.0.0.1:11435`);
    expect(error.message).toContain('connections[1].name');
    expect(error.message).toContain("duplicate connection name 'local'");
  });

  it('refuses two aliases with one name, naming the second', () => {
    const alias = '  - name: chat\n    connection: local\n    model: llama3.2:1b';
    const error = configErrorOf(`${oneOllama}\nmodels:\n${alias}\n${alias}`);
    expect(error.message).toContain('models[1].name');
  });

  it('refuses an alias that names a connection that does not exist', () => {
    const error = configErrorOf(`${oneOllama}\nmodels:\n  - name: chat\n    connection: locall\n    model: llama3.2:1b`);
    expect(error.message).toContain('models[0].connection');
    expect(error.message).toContain('locall');
  });

  it('reports every problem at once, not only the first', () => {
    const error = configErrorOf('server:\n  prot: 1\n  port: http');
    expect(error.problems).toHaveLength(2);
    expect(error.message).toContain('server.prot');
    expect(error.message).toContain('server.port');
  });

  it('refuses a key written twice in one map', () => {
    const error = configErrorOf('server:\n  port: 4000\n  port: 4001');
    expect(error.message).toMatch(/unique/i);
  });

  it('refuses text that is not YAML, naming the file', () => {
    const error = configErrorOf('server: [\n', {}, 'broken.yaml');
    expect(error.message).toContain('broken.yaml');
    expect(error.message).toContain('YAML');
  });

  it('refuses a document that is a list, not a map', () => {
    expect(configErrorOf('- 1').message).toContain('(top level)');
  });
});

describe('loadConfig', () => {
  const track = closeAfterAll();
  let directory: string;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'switchyard-config-'));
    track({ close: () => rm(directory, { recursive: true, force: true }) });
  });

  it('reads the file and expands references from the given environment', async () => {
    const file = join(directory, 'ok.yaml');
    await writeFile(file, 'server:\n  port: ${TEST_PORT}\n');
    expect((await loadConfig(file, { TEST_PORT: '4555' })).server.port).toBe(4555);
  });

  it('names the file it read in a validation error', async () => {
    const file = join(directory, 'typo.yaml');
    await writeFile(file, 'servr: {}\n');
    await expect(loadConfig(file, {})).rejects.toThrow(file);
  });

  it('refuses a file that does not exist, naming it', async () => {
    const file = join(directory, 'missing.yaml');
    const error = await loadConfig(file, {}).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain(file);
    expect((error as ConfigError).message).toContain('file not found');
  });
});
