/**
 * .dockerignore keeps installed and built output, history, test output and state files
 * out of the image build's context, and nothing the Dockerfile copies from it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copiesOf, readRepositoryDockerfile, repositoryRoot } from './read-dockerfile.js';

function readPatterns(): string[] {
  return readFileSync(join(repositoryRoot, '.dockerignore'), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

/** Docker's pattern syntax as far as .dockerignore uses it: `*`, `**`, a leading `**\/`. */
function toRegExp(pattern: string): RegExp {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*\*\//g, '\u0000')
    .replace(/\*/g, '[^/]*')
    .replace(/\u0000/g, '(?:.*/)?');
  return new RegExp(`^${body}(?:/.*)?$`);
}

function isIgnored(path: string): boolean {
  return readPatterns().some((pattern) => toRegExp(pattern).test(path));
}

describe('.dockerignore', () => {
  it.each([
    'node_modules/express/package.json',
    'dist/src/cli.js',
    '.git/HEAD',
    'coverage/index.html',
    'bench/results/latest.json',
    'switchyard-state.db',
    'deploy/docker/switchyard-state.db-wal',
    '.env',
  ])('leaves out %s', (path) => {
    expect(isIgnored(path)).toBe(true);
  });

  it.each(['src/cli.ts', 'src/status/ui/index.html', 'package-lock.json', 'tsconfig.json'])('keeps %s, which the build needs', (path) => {
    expect(isIgnored(path)).toBe(false);
  });

  it('keeps every file the Dockerfile copies from the build context', () => {
    const sources = readRepositoryDockerfile()
      .flatMap(copiesOf)
      .filter((copy) => copy.from === undefined)
      .flatMap((copy) => copy.sources)
      .filter((source) => source !== '.');
    expect(sources.length).toBeGreaterThan(0);
    expect(sources.filter(isIgnored)).toEqual([]);
  });
});
