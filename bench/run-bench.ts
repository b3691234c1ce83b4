/**
 * `npm run bench [-- --quick]`: starts the stand-in upstream, the two references (the stack
 * floor and the bare proxy) and the gateway as child processes (pinned to their cores),
 * measures every scenario against all of them interleaved, then runs the fleet benchmark
 * (its own stand-in boxes and gateways), prints the tables and writes
 * bench/results/latest.{json,md}. Every child is ended by PID at the end, on error, and on
 * SIGINT/SIGTERM.
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, release, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchContext, ScenarioOutcome } from './bench-context.js';
import { startChild, stopAllChildren, stopChildrenOnSignal, type ChildHandle } from './child-process.js';
import { pinLoadGenerator } from './cpu-layout.js';
import { measureFleet } from './fleet/measure-fleet.js';
import { gatewayConfig, startGateway } from './gateway-process.js';
import { measureLargePrompt, measureLatency } from './measure-latency.js';
import { measureModels, measureThroughput } from './measure-throughput.js';
import { loadAverage, readMachineCpu, type MachineCpu } from './machine-load.js';
import { idleMemoryRow, measureMemory } from './measure-memory.js';
import { measureStreams } from './measure-streams.js';
import { parseOptions } from './options.js';
import { readCpuMs } from './process-stats.js';
import { summarizeProfile } from './profile-summary.js';
import { barSummary, renderText, writeResults } from './report.js';
import type { TargetInfo } from './run-rounds.js';
import { chatRequest, type Mode } from './scenarios.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const here = fileURLToPath(new URL('.', import.meta.url));
const resultsDir = join(root, 'bench', 'results');
const profileDir = join(resultsDir, 'profiles');
const sectionOrder = ['throughput', 'latency', 'streams', '1 MB', 'memory', 'cpu'];
const streamModes: ReadonlyArray<[Mode, string]> = [
  ['passthrough', 'passthrough'],
  ['ollama-chat', 'Ollama /api/chat'],
];

async function main(): Promise<void> {
  const startedAt = performance.now();
  const machineBefore = readMachineCpu();
  const loadBefore = loadAverage();
  const options = parseOptions(process.argv.slice(2));
  stopChildrenOnSignal();
  const layout = pinLoadGenerator();
  process.stderr.write(`layout: ${layout.description}\n`);
  const upstream = await startChild({ name: 'stand-in upstream', nodeArgs: [join(here, 'stand-in-upstream.js')], cores: layout.loadCores, ready: { kind: 'line' }, timeoutMs: 10_000 });
  const reference = (name: string, script: string) =>
    startChild({ name, nodeArgs: [join(here, script), String(upstream.port)], cores: layout.serverCores, ready: { kind: 'line' }, timeoutMs: 10_000 });
  const floor = await reference('stack floor', 'stack-floor.js');
  const bare = await reference('bare proxy', 'bare-proxy.js');
  const gatewayEntry = resolve(root, options.gatewayEntry);
  const gatewayStart = { entry: gatewayEntry, resultsDir, cores: layout.serverCores, nodeFlags: [] as string[] };
  if (options.cpuProfile) rmSync(profileDir, { recursive: true, force: true });
  const profileFlags = options.cpuProfile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const configAt = (logLevel: 'silent' | 'info') => (port: number) => gatewayConfig(upstream.port, port, logLevel);
  const gateway = await startGateway({ ...gatewayStart, nodeFlags: profileFlags, name: 'silent', configFor: configAt('silent') });
  const gatewayInfo = gateway && options.withInfoLogging ? await startGateway({ ...gatewayStart, name: 'info', configFor: configAt('info') }) : undefined;
  if (!gateway) process.stderr.write(`gateway not built (${gatewayEntry} missing): measuring direct and the references only\n`);
  const origin = (port: number): string => `http://127.0.0.1:${port}`;
  const targets: TargetInfo[] = [
    { name: 'direct', origin: origin(upstream.port), pid: upstream.pid },
    { name: 'floor', origin: origin(floor.port), pid: floor.pid },
    { name: 'bare', origin: origin(bare.port), pid: bare.pid },
    ...(gateway ? [{ name: 'gateway' as const, origin: origin(gateway.port), pid: gateway.pid }] : []),
    ...(gatewayInfo ? [{ name: 'gateway-info' as const, origin: origin(gatewayInfo.port), pid: gatewayInfo.pid }] : []),
  ];
  const context: BenchContext = { options, targets, upstreamPid: upstream.pid, reference: { throughput: {} }, deadline: startedAt + options.budgetMs };
  const selected = (id: string): boolean => options.only.length === 0 || options.only.includes(id);
  const outcomes: ScenarioOutcome[] = [];
  const add = async (id: string, run: () => Promise<ScenarioOutcome | ScenarioOutcome[]>): Promise<void> => {
    if (!selected(id)) return;
    if (performance.now() > context.deadline) {
      outcomes.push({ id, rows: [], raw: null, errors: [], notes: [`${id}: skipped, time budget (${options.budgetMs / 1000} s) spent`] });
      return;
    }
    process.stderr.write(`${id}\n`);
    const outcome = await run();
    outcomes.push(...(Array.isArray(outcome) ? outcome : [outcome]));
  };

  // Let start-up garbage be collected before the idle reading.
  await new Promise((done) => setTimeout(done, options.quick ? 1000 : 3000));
  outcomes.push({ id: 'memory-idle', rows: [idleMemoryRow(context, 'RSS idle after start', 70)], raw: null, errors: [], notes: [] });
  await add('memory', () => measureMemory(context, streamModes));
  await add('passthrough-throughput', () =>
    measureThroughput(context, 'passthrough-throughput', 'passthrough chat', (target) => chatRequest('passthrough', target, { stream: false }), 'passthrough'),
  );
  await add('ollama-chat-throughput', () =>
    measureThroughput(context, 'ollama-chat-throughput', 'Ollama /api/chat translation', (target) => chatRequest('ollama-chat', target, { stream: false }), 'ollama-chat'),
  );
  if (options.withGenerate) {
    await add('ollama-generate-throughput', () =>
      measureThroughput(context, 'ollama-generate-throughput', 'Ollama /api/generate translation', (target) => chatRequest('ollama-generate', target, { stream: false })),
    );
  }
  await add('models-throughput', () => measureModels(context));
  await add('passthrough-latency', () => measureLatency(context, 'passthrough', 'passthrough chat'));
  await add('ollama-chat-latency', () => measureLatency(context, 'ollama-chat', 'Ollama /api/chat translation'));
  await add('streams', () => measureStreams(context, streamModes));
  await add('large-prompt', async () => [
    await measureLargePrompt(context, 'passthrough', 'passthrough'),
    await measureLargePrompt(context, 'ollama-chat', 'Ollama /api/chat'),
  ]);
  outcomes.push({ id: 'memory-after', rows: [idleMemoryRow(context, 'RSS idle after the run')], raw: null, errors: [], notes: [] });
  const contention = describeContention([upstream, floor, bare, gateway, gatewayInfo], machineBefore, loadBefore, startedAt);
  // Its own processes and a time limit of its own: not held to the scenarios' budget.
  if (selected('fleet') && gateway) {
    process.stderr.write('fleet\n');
    const fleet = await measureFleet({ quick: options.quick, benchDir: here, resultsDir, gatewayEntry, layout, timeoutMs: options.timeoutMs }).catch(
      (error: unknown): ScenarioOutcome => ({ id: 'fleet', rows: [], raw: null, errors: [`fleet: ${error instanceof Error ? error.message : String(error)}`], notes: [] }),
    );
    outcomes.push(fleet);
  }
  const elapsedMs = performance.now() - startedAt;
  const rank = (section: string): number => sectionOrder.findIndex((prefix) => section.startsWith(prefix));
  const rows = outcomes.flatMap((outcome) => outcome.rows).sort((a, b) => rank(a.section) - rank(b.section));
  const first = cpus()[0];
  const meta = {
    date: new Date().toISOString(),
    machine: `${first?.model ?? 'unknown CPU'}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GB, Linux ${release()}`,
    node: process.version,
    layout: layout.description,
    profile: `${options.quick ? 'quick' : 'full'}, ${options.rounds} rounds, ${options.connections} connections, open loop at ${options.openRatePerSecond ?? 'half the slowest closed-loop'} req/s`,
    gateway: gateway ? `${options.gatewayEntry}${gatewayInfo ? ' (log_level silent; also info)' : ' (log_level silent)'}` : 'not built',
    durationSeconds: Math.round(elapsedMs / 1000),
    contention,
  };
  writeResults(resultsDir, meta, rows, outcomes);
  const notes = outcomes.flatMap((outcome) => outcome.notes).filter((note) => !note.includes('rounds disturbed'));
  const roundsRun = outcomes.reduce((sum, outcome) => sum + (outcome.rounds?.run ?? 0), 0);
  const roundsDisturbed = outcomes.reduce((sum, outcome) => sum + (outcome.rounds?.disturbed ?? 0), 0);
  notes.unshift(`${roundsDisturbed} of ${roundsRun} rounds were disturbed by other processes (> ${options.noiseShare * 100}% of a core); per-scenario detail in latest.md`);
  const errors = outcomes.flatMap((outcome) => outcome.errors);
  process.stdout.write(`\n${meta.machine}; Node ${meta.node}\n${meta.layout}\n${meta.profile}\n${meta.contention}\n\n${renderText(rows)}\n\n${barSummary(rows)}\n`);
  for (const table of outcomes.flatMap((outcome) => outcome.tables ?? [])) process.stdout.write(`\n${table.title}\n${table.text}\n`);
  if (notes.length > 0) process.stdout.write(`\nnotes:\n${notes.map((note) => `  ${note}`).join('\n')}\n`);
  if (errors.length > 0) process.stdout.write(`\nerrors:\n${errors.map((error) => `  ${error}`).join('\n')}\n`);
  process.stdout.write(`\nraw numbers: bench/results/latest.json; table: bench/results/latest.md (${meta.durationSeconds} s)\n`);
}

/** How busy other work kept the machine while the scenarios ran (the fleet's own processes come after). */
function describeContention(children: ReadonlyArray<ChildHandle | undefined>, machineBefore: MachineCpu | undefined, loadBefore: string, startedAt: number): string {
  const ourCpuMs = children.reduce((sum, child) => sum + (child ? (readCpuMs(child.pid) ?? 0) : 0), 0);
  const self = process.cpuUsage();
  const machineAfter = readMachineCpu();
  const elapsedMs = performance.now() - startedAt;
  const otherMs = machineBefore && machineAfter ? machineAfter.busyMs - machineBefore.busyMs - ourCpuMs - (self.user + self.system) / 1000 : NaN;
  const stealMs = machineBefore && machineAfter ? machineAfter.stealMs - machineBefore.stealMs : NaN;
  const share = (ms: number): string => ((ms / elapsedMs) * 100).toFixed(0);
  return `load average ${loadBefore} at start, ${loadAverage()} after the scenarios; CPU outside the bench's processes (other work, kernel network softirq): ${share(otherMs)}% of a core; steal ${share(stealMs)}%`;
}

/** After the gateway has exited and written its profile. */
function printProfile(): void {
  const files = readdirSync(profileDir).filter((name) => name.endsWith('.cpuprofile'));
  for (const name of files) {
    const profile = JSON.parse(readFileSync(join(profileDir, name), 'utf8')) as Parameters<typeof summarizeProfile>[0];
    process.stdout.write(`\ngateway CPU profile bench/results/profiles/${name}\n${summarizeProfile(profile, 25)}\n`);
  }
}

main()
  .then(async () => {
    if (!process.argv.includes('--cpu-prof')) return;
    await stopAllChildren();
    printProfile();
  })
  .catch((error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  })
  .finally(() => stopAllChildren());
