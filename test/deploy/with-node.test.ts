/**
 * scripts/with-node.sh with a Node already in its cache (a stand-in `node` that prints a
 * version), so nothing is downloaded: the command runs with that node first on PATH and
 * native builds pointed at its headers.
 */
import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { repositoryRoot } from './read-dockerfile.js';

const script = join(repositoryRoot, 'scripts', 'with-node.sh');
const folders: string[] = [];

afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** A cache holding a stand-in Node `version` for its major; returns the cache and the package folder. */
function cacheWith(version: string): { cache: string; home: string } {
  const cache = mkdtempSync(join(tmpdir(), 'with-node-'));
  folders.push(cache);
  const major = version.slice(1).split('.')[0]!;
  const home = join(cache, `node-${major}`, 'node_modules', `node-${process.platform}-${process.arch}`);
  mkdirSync(join(home, 'bin'), { recursive: true });
  writeFileSync(join(home, 'bin', 'node'), `#!/bin/sh\necho ${version}\n`);
  chmodSync(join(home, 'bin', 'node'), 0o755);
  return { cache, home };
}

function run(args: string[], cache: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('bash', [script, ...args], { env: { PATH: process.env.PATH, HOME: cache, SWITCHYARD_NODE_CACHE: cache } }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : Number(error.code), stdout, stderr });
    });
  });
}

describe('scripts/with-node.sh', () => {
  it('runs the command with the cached Node of that major first on PATH', async () => {
    const { cache } = cacheWith('v24.99.0');
    expect(await run(['24', 'node', '--version'], cache)).toEqual({ code: 0, stdout: 'v24.99.0\n', stderr: '' });
  });

  it('points native builds at the headers shipped with that Node', async () => {
    const { cache, home } = cacheWith('v24.99.0');
    const { stdout } = await run(['24', 'sh', '-c', 'printf %s "$npm_config_nodedir"'], cache);
    expect(stdout).toBe(home);
  });

  it('passes on the exit status of the command', async () => {
    const { cache } = cacheWith('v24.99.0');
    expect((await run(['24', 'sh', '-c', 'exit 7'], cache)).code).toBe(7);
  });

  it.each([[['24']], [['latest', 'node', '--version']], [['24.1', 'node', '--version']]])('refuses %j with its usage', async (args) => {
    const { cache } = cacheWith('v24.99.0');
    const { code, stderr } = await run(args, cache);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^usage: /);
  });
});
