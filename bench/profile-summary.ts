/**
 * Top self-time functions of a V8 .cpuprofile (node --cpu-prof), with the TypeScript
 * file:line where a source map exists, plus self time per package or source file.
 * Usage: node dist/bench/profile-summary.js FILE.cpuprofile [TOP]
 */
import { readFileSync, existsSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';
import { dirname, relative, resolve } from 'node:path';

interface ProfileNode {
  id: number;
  children?: number[];
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const sourceMaps = new Map<string, SourceMap | undefined>();

function sourceMapOf(file: string): SourceMap | undefined {
  if (!sourceMaps.has(file)) {
    const mapFile = `${file}.map`;
    sourceMaps.set(file, existsSync(mapFile) ? new SourceMap(JSON.parse(readFileSync(mapFile, 'utf8'))) : undefined);
  }
  return sourceMaps.get(file);
}

/** "file:line" of a frame: the TypeScript source where mapped, paths relative to the cwd. */
function locationOf(frame: ProfileNode['callFrame']): string {
  if (!frame.url) return '';
  if (!frame.url.startsWith('file://')) return `${frame.url}:${frame.lineNumber + 1}`;
  const file = fileURLToPath(frame.url);
  const entry = sourceMapOf(file)?.findEntry(frame.lineNumber, frame.columnNumber);
  if (entry && 'originalSource' in entry && entry.originalSource) {
    const source = entry.originalSource.startsWith('file://') ? fileURLToPath(entry.originalSource) : resolve(dirname(file), entry.originalSource);
    return `${relative(process.cwd(), source)}:${entry.originalLine + 1}`;
  }
  return `${relative(process.cwd(), file)}:${frame.lineNumber + 1}`;
}

function groupOf(frame: ProfileNode['callFrame']): string {
  const url = frame.url;
  if (!url) return frame.functionName || '(native)';
  const packageMatch = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (packageMatch) return `pkg ${packageMatch[1]}`;
  if (url.startsWith('node:')) return url.replace(/^node:internal\/(.*)$/, 'node:$1');
  return locationOf(frame).replace(/:\d+$/, '');
}

function isProjectFrame(frame: ProfileNode['callFrame']): boolean {
  return frame.url.startsWith('file://') && !frame.url.includes('/node_modules/');
}

function addTo(map: Map<string, number>, key: string, micros: number): void {
  map.set(key, (map.get(key) ?? 0) + micros);
}

export function summarizeProfile(profile: Profile, top: number): string {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const selfByFunction = new Map<string, number>();
  const selfByGroup = new Map<string, number>();
  // Inclusive time: each sample counts once for every project function and package on its stack.
  const totalByProjectFunction = new Map<string, number>();
  const totalByGroup = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, index) => {
    const node = byId.get(id);
    const micros = profile.timeDeltas[index + 1] ?? profile.timeDeltas[index] ?? 0;
    if (!node) return;
    total += micros;
    const frame = node.callFrame;
    const name = `${frame.functionName || '(anonymous)'}  ${locationOf(frame)}`.trim();
    selfByFunction.set(name, (selfByFunction.get(name) ?? 0) + micros);
    selfByGroup.set(groupOf(frame), (selfByGroup.get(groupOf(frame)) ?? 0) + micros);
    const seen = new Set<string>();
    if (frame.functionName === '(idle)') return;
    for (let current: ProfileNode | undefined = node; current; current = byId.get(parentOf.get(current.id) ?? -1)) {
      const caller = current.callFrame;
      if (caller.functionName === '(root)') break;
      const keys = [`group ${groupOf(caller)}`];
      if (isProjectFrame(caller)) keys.push(`${caller.functionName || '(anonymous)'}  ${locationOf(caller)}`);
      for (const key of keys) {
        if (seen.has(key)) continue;
        seen.add(key);
        if (key.startsWith('group ')) addTo(totalByGroup, key.slice(6), micros);
        else addTo(totalByProjectFunction, key, micros);
      }
    }
  });
  const busy = total - (selfByFunction.get('(idle)') ?? 0);
  const percent = (micros: number): string => `${((micros / busy) * 100).toFixed(1).padStart(5)}%`;
  const list = (map: Map<string, number>, count: number): string[] =>
    [...map.entries()]
      .filter(([name]) => name !== '(idle)')
      .sort((a, b) => b[1] - a[1])
      .slice(0, count)
      .map(([name, micros]) => `${percent(micros)}  ${(micros / 1000).toFixed(0).padStart(6)} ms  ${name}`);
  return [
    `busy ${(busy / 1000).toFixed(0)} ms of ${(total / 1000).toFixed(0)} ms sampled; shares are of busy time`,
    `top ${top} functions by self time:`,
    ...list(selfByFunction, top),
    'self time by package / source file:',
    ...list(selfByGroup, 15),
    'total time (self + callees) of project functions:',
    ...list(totalByProjectFunction, top),
    'total time (self + callees) by package / source file:',
    ...list(totalByGroup, 20),
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const file = process.argv[2];
  if (!file) {
    process.stderr.write('usage: node dist/bench/profile-summary.js FILE.cpuprofile [TOP]\n');
    process.exit(2);
  }
  process.stdout.write(`${summarizeProfile(JSON.parse(readFileSync(file, 'utf8')) as Profile, Number(process.argv[3] ?? 25))}\n`);
}
