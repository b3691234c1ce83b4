/**
 * The layering, checked on every run (core ← providers, fronts ← src): `core/` imports
 * nothing else of the project; `providers/` and `fronts/` (pure translators) import only
 * `core/` and themselves, never `src/`, `config/` or each other; no production code
 * imports test support, the demo or the benchmark. And no source file grows past 300 lines.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..', '..');
const layers = ['core', 'providers', 'fronts', 'src', 'config'] as const;
type Layer = (typeof layers)[number];

/** The project folders each layer may import from; a missing entry means any layer. */
const allowed: Partial<Record<Layer, readonly string[]>> = {
  core: ['core'],
  providers: ['core', 'providers'],
  fronts: ['core', 'fronts'],
};
/** Never imported by production code. */
const outsideProduction = ['test', 'demo', 'bench'];

const maxLines = 300;
/** Source that must stay under `maxLines`: everything but test files. */
const sizedFolders = [...layers, 'demo', 'bench', 'test/support'];

function listTypeScript(folder: string): string[] {
  const entries = readdirSync(join(root, folder), { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts'))
    .map((entry) => relative(root, join(entry.parentPath, entry.name)));
}

/** Every module specifier of a file: static and dynamic imports, `import type`, re-exports. */
function readSpecifiers(text: string): string[] {
  return ts.preProcessFile(text, true, true).importedFiles.map((file) => file.fileName);
}

/** The project folder a relative specifier lands in (`core`, `test`…), or undefined for a package. */
function targetFolder(file: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const target = relative(root, resolve(root, dirname(file), specifier));
  return target.split('/')[0];
}

function isRefused(layer: Layer, folder: string): boolean {
  const permitted = allowed[layer];
  return (permitted !== undefined && !permitted.includes(folder)) || outsideProduction.includes(folder);
}

function findImportViolations(layer: Layer): string[] {
  const violations: string[] = [];
  for (const file of listTypeScript(layer)) {
    for (const specifier of readSpecifiers(readFileSync(join(root, file), 'utf8'))) {
      const folder = targetFolder(file, specifier);
      if (folder !== undefined && isRefused(layer, folder)) violations.push(`${file} imports ${specifier} (${folder}/)`);
    }
  }
  return violations;
}

describe('readSpecifiers', () => {
  it('finds static, type-only, re-exported and dynamic imports, and nothing in comments', () => {
    const text = [
      "import { a } from '../core/a.js';",
      "import type { B } from './b.js';",
      "export { c } from '../config/c.js';",
      "export * from './d.js';",
      "const e = await import('../src/e.js');",
      "// import { f } from '../src/f.js';",
    ].join('\n');
    expect(readSpecifiers(text)).toEqual(['../core/a.js', './b.js', '../config/c.js', './d.js', '../src/e.js']);
  });
});

describe('the layer rules', () => {
  it.each([
    ['core', 'core', false],
    ['core', 'providers', true],
    ['core', 'src', true],
    ['providers', 'core', false],
    ['providers', 'config', true],
    ['providers', 'fronts', true],
    ['providers', 'src', true],
    ['fronts', 'providers', true],
    ['fronts', 'src', true],
    ['src', 'providers', false],
    ['src', 'test', true],
    ['config', 'demo', true],
  ] as const)('%s/ importing from %s/ is refused: %s', (layer, folder, refused) => {
    expect(isRefused(layer, folder)).toBe(refused);
  });
});

describe('import direction', () => {
  it.each(layers)('%s/ imports only what its layer may', (layer) => {
    expect(findImportViolations(layer)).toEqual([]);
  });
});

describe('file size', () => {
  it(`keeps every source file (not test files) at ${maxLines} lines or fewer`, () => {
    const files = sizedFolders.flatMap(listTypeScript).filter((file) => !file.endsWith('.test.ts'));
    expect(files.length).toBeGreaterThan(100);
    const oversized = files
      .map((file) => ({ file, lines: readFileSync(join(root, file), 'utf8').split('\n').length - 1 }))
      .filter(({ lines }) => lines > maxLines)
      .map(({ file, lines }) => `${file}: ${lines} lines`);
    expect(oversized).toEqual([]);
  });
});
