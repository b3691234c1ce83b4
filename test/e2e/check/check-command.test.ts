/**
 * `switchyard check --config FILE` as a process: it validates the file as a start does,
 * tries each connection (reachable, models listed, load signals readable), prints one
 * line per check, and answers 0 when every connection is reachable and lists models, 1
 * when one is not, 2 for a file that does not validate.
 */
import { createServer } from 'node:http';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { closeAfterEach } from '../../support/close-after.js';
import { spawnCli, type CliProcess } from '../../support/gateway.js';
import { startStandInLlamaServer } from '../../support/stand-ins/stand-in-llama-server.js';
import { startStandInOllama } from '../../support/stand-ins/stand-in-ollama.js';
import { startStandInOpenAI } from '../../support/stand-ins/stand-in-openai.js';
import { unusedPort } from '../../support/unused-port.js';
import { configText, saveFile, temporaryFolder } from '../reload/reload-fixtures.js';

const track = closeAfterEach();

async function check(connections: object[], rest: Record<string, unknown> = {}): Promise<{ cli: CliProcess; code: number | null }> {
  const folder = await temporaryFolder(track, 'switchyard-check-');
  const file = join(folder, 'gateway.yaml');
  await saveFile(file, configText(connections, rest));
  const cli = track(spawnCli(['check', '--config', file]));
  return { cli, code: (await cli.exited).code };
}

/** The report line of one check: `  ok    reachable     …`. */
function lineOf(cli: CliProcess, check: string, after: string): string {
  const lines = cli.stdout().split('\n');
  const start = lines.findIndex((line) => line.startsWith(`${after} (`));
  return lines.slice(start + 1).find((line) => line.trim().split(/\s{2,}/)[1] === check) ?? '';
}

describe('switchyard check', { timeout: 40_000 }, () => {
  it('exits 0 against running upstreams, naming each connection with one line per check', async () => {
    const ollama = track(await startStandInOllama({ models: ['llama3.2:1b', 'qwen2.5:0.5b'] }));
    const llama = track(await startStandInLlamaServer());
    const vllm = track(await startStandInOpenAI());
    const { cli, code } = await check([
      { name: 'local', mode: 'ollama', base_url: ollama.url },
      { name: 'llama', mode: 'openai_compatible', base_url: llama.baseUrl },
      { name: 'vllm', mode: 'openai_compatible', base_url: vllm.baseUrl },
    ]);

    expect(code).toBe(0);
    for (const name of ['local', 'llama', 'vllm']) {
      expect(cli.stdout()).toContain(`${name} (`);
      expect(lineOf(cli, 'reachable', name)).toMatch(/^\s+ok\s/);
      expect(lineOf(cli, 'models', name)).toMatch(/^\s+ok\s/);
    }
    expect(lineOf(cli, 'models', 'local')).toContain('2 listed: llama3.2:1b, qwen2.5:0.5b');
    expect(cli.stdout()).toContain('check passed: 3 connections');
  });

  it.each([
    ['Ollama /api/ps', async () => ({ mode: 'ollama', base_url: track(await startStandInOllama()).url }), /^\s+ok\s+load signals\s+read from ollama_ps$/],
    ["llama-server's /slots", async () => ({ mode: 'openai_compatible', base_url: track(await startStandInLlamaServer()).baseUrl }), /^\s+ok\s+load signals\s+read from llama_slots/],
    ['a server with none, as a warning', async () => ({ mode: 'openai_compatible', base_url: track(await startStandInOpenAI()).baseUrl }), /^\s+warn\s+load signals\s+none readable/],
  ])('reports the load signals of %s', async (_name, startUpstream, expected) => {
    const { cli, code } = await check([{ name: 'box', ...(await startUpstream()) }]);

    expect(code).toBe(0);
    expect(lineOf(cli, 'load signals', 'box')).toMatch(expected);
  });

  it('skips the load signals of a connection with load_metrics: none', async () => {
    const ollama = track(await startStandInOllama());
    const { cli, code } = await check([{ name: 'box', mode: 'ollama', base_url: ollama.url, load_metrics: 'none' }]);

    expect(code).toBe(0);
    expect(lineOf(cli, 'load signals', 'box')).toMatch(/^\s+skip\s+load signals\s+load_metrics: none$/);
  });

  it('exits 1 when a connection is on a closed port, naming it', async () => {
    const ollama = track(await startStandInOllama());
    const closed = `http://127.0.0.1:${await unusedPort()}`;
    const { cli, code } = await check([
      { name: 'local', mode: 'ollama', base_url: ollama.url },
      { name: 'gone', mode: 'ollama', base_url: closed },
    ]);

    expect(code).toBe(1);
    expect(lineOf(cli, 'reachable', 'gone')).toMatch(/^\s+FAIL\s+reachable\s+Connection 'gone' could not be reached/);
    expect(lineOf(cli, 'reachable', 'local')).toMatch(/^\s+ok\s/);
    expect(cli.stdout()).toContain('check failed: 1 of 2 connections with a problem (gone)');
  });

  it('exits 1 when a connection does not answer within health_checks.timeout_ms', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    track({ close: () => new Promise<void>((resolve) => (silent.closeAllConnections(), silent.close(() => resolve()))) });
    const { port } = silent.address() as { port: number };
    const started = performance.now();
    const { cli, code } = await check([{ name: 'silent', mode: 'ollama', base_url: `http://127.0.0.1:${port}` }], { health_checks: { interval_ms: 60_000, timeout_ms: 300 } });

    expect(code).toBe(1);
    expect(lineOf(cli, 'reachable', 'silent')).toMatch(/^\s+FAIL\s+reachable\s+.*in time/);
    expect(performance.now() - started).toBeLessThan(15_000);
  });

  it('exits 1 when a connection lists no models', async () => {
    const ollama = track(await startStandInOllama({ models: [] }));
    const { cli, code } = await check([{ name: 'empty', mode: 'ollama', base_url: ollama.url }]);

    expect(code).toBe(1);
    expect(lineOf(cli, 'models', 'empty')).toMatch(/^\s+FAIL\s+models\s+the upstream lists no models/);
  });

  it('warns, and still exits 0, when an alias names a model the upstream does not list', async () => {
    const ollama = track(await startStandInOllama({ models: ['llama3.2:1b'] }));
    const { cli, code } = await check([{ name: 'local', mode: 'ollama', base_url: ollama.url }], {
      models: [
        { name: 'chat', connection: 'local', model: 'llama3.2:1b' },
        { name: 'typo', connection: 'local', model: 'llama3.3:1b' },
      ],
    });

    expect(code).toBe(0);
    expect(lineOf(cli, 'aliases', 'local')).toMatch(/^\s+warn\s+aliases\s+not listed by the upstream: 'typo' asks for 'llama3.3:1b'$/);
  });

  it('exits 2 for an invalid file, with the message a start gives', async () => {
    const folder = await temporaryFolder(track, 'switchyard-check-');
    const file = join(folder, 'gateway.yaml');
    await saveFile(file, 'server:\n  prot: 4000\nconnections:\n  - { name: x, mode: ollama, base_url: "ftp://x" }\n');
    const checking = track(spawnCli(['check', '--config', file]));
    const starting = track(spawnCli(['--config', file]));
    const [checked, started] = await Promise.all([checking.exited, starting.exited]);

    expect(checked.code).toBe(2);
    expect(started.code).toBe(2);
    expect(checking.stderr()).toContain('server.prot: unknown key');
    expect(checking.stderr()).toBe(starting.stderr());
    expect(checking.stdout()).toBe('');
  });
});
