/**
 * The `switchyard` command as a process: configuration errors stop it before it listens,
 * command-line options and variables choose the file, port and host, and it starts with
 * the shipped configuration when nothing runs upstream.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { closeAfterAll, closeAfterEach } from '../../support/close-after.js';
import { spawnCli, waitForListening, type CliProcess } from '../../support/gateway.js';
import { unusedPort } from '../../support/unused-port.js';

let directory: string;
const track = closeAfterEach();
const trackForFile = closeAfterAll();

function start(args: string[], environment: Record<string, string> = {}): CliProcess {
  return track(spawnCli(args, environment));
}

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'switchyard-cli-'));
  trackForFile({ close: () => rm(directory, { recursive: true, force: true }) });
});

async function writeConfig(name: string, text: string): Promise<string> {
  const file = join(directory, name);
  await writeFile(file, text);
  return file;
}

/** A stack trace line, as Node prints them. */
const stackTraceLine = /^\s+at .+\(?.+:\d+:\d+\)?$/m;

describe('a configuration error', { timeout: 40_000 }, () => {
  it('exits non-zero with the file, the key path and the reason, before anything listens', async () => {
    const file = await writeConfig('typo.yaml', 'server:\n  port: 0\n  prot: 4000\n');
    const cli = start(['--config', file]);
    const { code } = await cli.exited;
    expect(code).not.toBe(0);
    expect(code).not.toBeNull();
    expect(cli.stderr()).toContain(file);
    expect(cli.stderr()).toContain('server.prot: unknown key');
    expect(cli.stdout()).not.toMatch(/listening/);
  });

  it('prints no stack trace', async () => {
    const file = await writeConfig('wrong-type.yaml', 'server:\n  port: http\n');
    const cli = start(['--config', file]);
    expect((await cli.exited).code).not.toBe(0);
    expect(cli.stderr()).toContain('server.port');
    expect(cli.stderr() + cli.stdout()).not.toMatch(stackTraceLine);
  });

  it('exits non-zero naming a configuration file that does not exist', async () => {
    const file = join(directory, 'nowhere.yaml');
    const cli = start(['--config', file]);
    expect((await cli.exited).code).not.toBe(0);
    expect(cli.stderr()).toContain(file);
  });

  it('exits non-zero for a --port that is not a port', async () => {
    const cli = start(['--port', 'eighty']);
    expect((await cli.exited).code).not.toBe(0);
    expect(cli.stderr()).toContain('--port');
  });
});

describe('choosing the file, port and host', { timeout: 40_000 }, () => {
  it('reads SWITCHYARD_CONFIG and listens on PORT', async () => {
    const file = await writeConfig('from-env.yaml', 'server:\n  port: 1\n');
    const port = await unusedPort();
    const cli = start([], { SWITCHYARD_CONFIG: file, PORT: String(port) });
    expect(await waitForListening(cli)).toBe(`http://127.0.0.1:${port}`);
    await request(`http://127.0.0.1:${port}`).get('/health').expect(200);
  });

  it('prefers --config and --port to SWITCHYARD_CONFIG and PORT', async () => {
    const chosen = await writeConfig('chosen.yaml', 'server:\n  port: 1\n');
    const port = await unusedPort();
    const otherPort = await unusedPort();
    const cli = start(['--config', chosen, '--port', String(port)], { SWITCHYARD_CONFIG: join(directory, 'absent.yaml'), PORT: String(otherPort) });
    expect(await waitForListening(cli)).toBe(`http://127.0.0.1:${port}`);
  });

  it('listens on --host', async () => {
    const file = await writeConfig('host.yaml', 'server:\n  host: 0.0.0.0\n  port: 0\n');
    const cli = start(['--config', file, '--host', '127.0.0.1']);
    expect(await waitForListening(cli)).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });
});

describe('the shipped gateway.config.yaml with nothing running upstream', { timeout: 40_000 }, () => {
  const trackForBlock = closeAfterAll();
  let cli: CliProcess;
  let url: string;

  beforeAll(async () => {
    // The shipped file, with its base URLs pointed at ports nothing listens on (so a local
    // Ollama or vLLM on the default ports cannot change the outcome).
    const [ollamaPort, vllmPort] = [await unusedPort(), await unusedPort()];
    cli = trackForBlock(spawnCli(['--port', '0'], { OLLAMA_BASE_URL: `http://127.0.0.1:${ollamaPort}`, VLLM_BASE_URL: `http://127.0.0.1:${vllmPort}/v1` }));
    url = await waitForListening(cli);
  }, 40_000);

  it('logs one line when it listens, naming host, port and both connections', () => {
    const lines = cli.stdout().split('\n').filter((line) => line.includes('listening'));
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]!) as { host: string; port: number; connections: Array<{ name: string }> };
    expect(line.host).toBe('127.0.0.1');
    expect(url).toBe(`http://127.0.0.1:${line.port}`);
    expect(line.connections.map((connection) => connection.name)).toEqual(['local-ollama', 'vllm']);
  });

  it('answers /health with 200', async () => {
    await request(url).get('/health').expect(200);
  });

  it('answers /ready with 503, naming both connections as down', async () => {
    const response = await request(url).get('/ready');
    expect(response.status).toBe(503);
    expect(response.body.status).toBe('unavailable');
    expect(response.body.connections).toEqual([
      expect.objectContaining({ name: 'local-ollama', mode: 'ollama', up: false, last_error: expect.any(String) }),
      expect.objectContaining({ name: 'vllm', mode: 'openai_compatible', up: false, last_error: expect.any(String) }),
    ]);
  });

  it('answers /v1/models with an empty list', async () => {
    const response = await request(url).get('/v1/models').expect(200);
    expect(response.body).toEqual({ object: 'list', data: [] });
  });

  it('keeps serving and prints no stack trace after those requests', async () => {
    await request(url).get('/v1/models').expect(200);
    await request(url).post('/v1/chat/completions').send({ model: 'llama3.2:1b', messages: [{ role: 'user', content: 'hi' }] });
    await request(url).get('/health').expect(200);
    expect(cli.stdout() + cli.stderr()).not.toMatch(stackTraceLine);
    expect(cli.stderr()).toBe('');
  });
});
