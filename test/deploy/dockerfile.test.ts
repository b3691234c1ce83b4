/**
 * The Dockerfile, read statically: a build stage that compiles, a final stage that holds
 * only what the gateway needs at run time and runs it as a non-root user on port 4000.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/load-config.js';
import {
  copiesOf,
  environmentOf,
  instructionsOf,
  readExecForm,
  readRepositoryDockerfile,
  repositoryRoot,
  workdirOf,
  type Stage,
} from './read-dockerfile.js';

function stages(): { build: Stage; final: Stage } {
  const all = readRepositoryDockerfile();
  return { build: all[0]!, final: all.at(-1)! };
}

function runCommands(stage: Stage): string {
  return instructionsOf(stage, 'RUN').join('\n');
}

function filesUnder(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(repositoryRoot, join(entry.parentPath, entry.name)).split('\\').join('/'));
}

/** Where a repository file lands in the final image, if a COPY puts it there. */
function imagePathOf(file: string, final: Stage, all: Stage[]): string | undefined {
  for (const copy of copiesOf(final)) {
    const sourceRoot = copy.from === undefined ? '/' : workdirOf(all.find((stage) => stage.name === copy.from)!);
    for (const source of copy.sources) {
      const inRepository = posix.relative(sourceRoot, posix.resolve(sourceRoot, source));
      if (file !== inRepository && !file.startsWith(`${inRepository}/`)) continue;
      const destination = posix.resolve(workdirOf(final), copy.destination);
      if (file !== inRepository) return posix.join(destination, posix.relative(inRepository, file));
      return copy.destination.endsWith('/') ? posix.join(destination, posix.basename(file)) : destination;
    }
  }
  return undefined;
}

describe('Dockerfile', () => {
  it('builds from the current Node LTS in every stage, so the native build of one fits the other', () => {
    const all = readRepositoryDockerfile();
    expect(all.length).toBeGreaterThanOrEqual(2);
    for (const stage of all) expect(stage.image).toMatch(/^node:24-(bookworm-)?slim$/);
    expect(new Set(all.map((stage) => stage.image)).size).toBe(1);
  });

  it('installs every dependency and compiles in the build stage', () => {
    const { build } = stages();
    expect(runCommands(build)).toMatch(/npm ci\b/);
    expect(runCommands(build)).toMatch(/npm run build\b/);
    expect(runCommands(build)).toMatch(/npm rebuild better-sqlite3\b/);
  });

  it('installs only runtime dependencies in the final stage, without running the build script', () => {
    const install = instructionsOf(stages().final, 'RUN').find((text) => /npm ci\b/.test(text));
    expect(install).toMatch(/--omit=dev\b/);
    expect(install).toMatch(/--ignore-scripts\b/);
  });

  it('takes the native better-sqlite3 module from the build stage', () => {
    const { build, final } = stages();
    const copy = copiesOf(final).find((entry) => entry.sources.some((source) => source.endsWith('better_sqlite3.node')));
    expect(copy?.from).toBe(build.name);
    expect(copy?.destination).toBe('node_modules/better-sqlite3/build/Release/better_sqlite3.node');
  });

  it('runs as a user that is not root', () => {
    const users = instructionsOf(stages().final, 'USER');
    expect(users.length).toBeGreaterThan(0);
    expect(users.at(-1)).not.toMatch(/^(root|0)(:|$)/);
  });

  it('listens on all interfaces on port 4000 and exposes it', () => {
    const { final } = stages();
    expect(environmentOf(final)).toMatchObject({ HOST: '0.0.0.0', PORT: '4000' });
    expect(instructionsOf(final, 'EXPOSE')).toEqual(['4000']);
  });

  it('starts the built CLI with node itself, as npm start does', () => {
    const packageJson = JSON.parse(readFileSync(join(repositoryRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    const command = readExecForm(instructionsOf(stages().final, 'CMD').at(-1)!);
    expect(command).toEqual(['node', 'dist/src/cli.js']);
    expect(packageJson.scripts.start).toBe(command.join(' '));
  });

  it('checks its health by asking /health with node, since slim images have no curl', () => {
    const [check] = instructionsOf(stages().final, 'HEALTHCHECK');
    const command = readExecForm(check!);
    expect(command.slice(0, 2)).toEqual(['node', '-e']);
    expect(command[2]).toContain('/health');
  });

  it('reads its configuration from /etc/switchyard, where a default is placed', () => {
    const all = readRepositoryDockerfile();
    const final = all.at(-1)!;
    expect(environmentOf(final).SWITCHYARD_CONFIG).toBe('/etc/switchyard/gateway.config.yaml');
    expect(imagePathOf('deploy/docker/gateway.config.yaml', final, all)).toBe('/etc/switchyard/gateway.config.yaml');
  });

  it('ships a default configuration that the gateway accepts with the image environment', () => {
    const final = stages().final;
    const text = readFileSync(join(repositoryRoot, 'deploy/docker/gateway.config.yaml'), 'utf8');
    const config = parseConfig(text, 'deploy/docker/gateway.config.yaml', environmentOf(final));
    expect(config.state.store).toBe('sqlite');
  });

  it("makes the default configuration's state folder writable by the user it runs as", () => {
    const final = stages().final;
    const text = readFileSync(join(repositoryRoot, 'deploy/docker/gateway.config.yaml'), 'utf8');
    const folder = posix.dirname(parseConfig(text, 'deploy/docker/gateway.config.yaml', environmentOf(final)).state.path);
    const owners = [...runCommands(final).matchAll(/chown (\S+) (\S+)/g)].filter((match) => match[2] === folder).map((match) => match[1]);
    expect(owners).toEqual([instructionsOf(final, 'USER').at(-1)]);
  });

  it.each([
    ['package.json', 'its "type": "module" makes dist/ load as ES modules'],
    ['dist/src/cli.js', 'the built CLI'],
  ])('puts %s beside the runtime dependencies (%s)', (file) => {
    const all = readRepositoryDockerfile();
    const final = all.at(-1)!;
    expect(imagePathOf(file, final, all)).toBe(posix.join(workdirOf(final), file));
  });

  it('puts every non-TypeScript file under src/ where the built code looks for it', () => {
    const all = readRepositoryDockerfile();
    const final = all.at(-1)!;
    const assets = filesUnder(join(repositoryRoot, 'src')).filter((file) => !file.endsWith('.ts'));
    const misplaced = assets.filter((file) => imagePathOf(file, final, all) !== posix.join(workdirOf(final), file));
    expect(misplaced).toEqual([]);
  });
});
