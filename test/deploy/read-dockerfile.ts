/**
 * Reads the repository's Dockerfile into its build stages, enough for the deployment
 * tests to check what each stage does without a Docker engine: line continuations are
 * joined, comments dropped, and `${ARG}` in a FROM line takes the ARG's default.
 */
import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';

export const repositoryRoot = join(import.meta.dirname, '..', '..');

export interface Instruction {
  /** Upper case: RUN, COPY, ENV … */
  keyword: string;
  /** Everything after the keyword, continuation lines joined with a space. */
  text: string;
}

export interface Stage {
  image: string;
  name: string | undefined;
  instructions: Instruction[];
}

/** Joins `\`-continued lines and drops comments and blank lines. */
export function readInstructions(source: string): Instruction[] {
  const instructions: Instruction[] = [];
  let pending = '';
  for (const line of source.split('\n')) {
    if (/^\s*#/.test(line) || (line.trim() === '' && pending === '')) continue;
    const continued = /\\\s*$/.test(line);
    pending += `${line.replace(/\\\s*$/, '').trim()} `;
    if (continued) continue;
    const match = /^(\S+)\s*(.*)$/.exec(pending.trim());
    if (match) instructions.push({ keyword: match[1]!.toUpperCase(), text: match[2]!.replace(/\s+/g, ' ').trim() });
    pending = '';
  }
  return instructions;
}

export function readStages(source: string): Stage[] {
  const argDefaults = new Map<string, string>();
  const stages: Stage[] = [];
  for (const instruction of readInstructions(source)) {
    if (instruction.keyword === 'FROM') {
      const [image = '', as, name] = instruction.text.replace(/\$\{(\w+)\}/g, (_, arg: string) => argDefaults.get(arg) ?? '').split(' ');
      stages.push({ image, name: as?.toUpperCase() === 'AS' ? name : undefined, instructions: [] });
    } else if (stages.length === 0 && instruction.keyword === 'ARG') {
      const [name = '', value = ''] = instruction.text.split('=');
      argDefaults.set(name, value);
    } else {
      stages.at(-1)?.instructions.push(instruction);
    }
  }
  return stages;
}

export function readRepositoryDockerfile(): Stage[] {
  return readStages(readFileSync(join(repositoryRoot, 'Dockerfile'), 'utf8'));
}

export function instructionsOf(stage: Stage, keyword: string): string[] {
  return stage.instructions.filter((instruction) => instruction.keyword === keyword).map((instruction) => instruction.text);
}

/** ENV in both forms, `ENV A=1 B=2` and the legacy `ENV A 1`. */
export function environmentOf(stage: Stage): Record<string, string> {
  const environment: Record<string, string> = {};
  for (const text of instructionsOf(stage, 'ENV')) {
    if (!text.includes('=')) {
      const [name = '', ...value] = text.split(' ');
      environment[name] = value.join(' ');
      continue;
    }
    for (const pair of text.split(' ')) {
      const [name = '', ...value] = pair.split('=');
      environment[name] = value.join('=');
    }
  }
  return environment;
}

/** The stage's working folder after its last WORKDIR (`/` without one). */
export function workdirOf(stage: Stage): string {
  return instructionsOf(stage, 'WORKDIR').reduce((folder, next) => posix.resolve(folder, next), '/');
}

export interface Copy {
  /** The stage named by --from, or undefined for the build context. */
  from: string | undefined;
  sources: string[];
  destination: string;
}

export function copiesOf(stage: Stage): Copy[] {
  return instructionsOf(stage, 'COPY').map((text) => {
    const words = text.split(' ');
    const from = words.find((word) => word.startsWith('--from='))?.slice('--from='.length);
    const paths = words.filter((word) => !word.startsWith('--'));
    return { from, sources: paths.slice(0, -1), destination: paths.at(-1) ?? '' };
  });
}

/** The exec-form command after `CMD` (in a CMD or HEALTHCHECK instruction), as its words. */
export function readExecForm(text: string): string[] {
  const json = text.slice(text.indexOf('['));
  return JSON.parse(json) as string[];
}
