/**
 * Runs one measurement against every target, round after round, in interleaved order
 * (A B C, C B A, ...) so drift (thermal, caches, a busy neighbour) hits every target alike.
 * Around each measurement it reads the CPU time the answering server, the stand-in upstream,
 * the load generator and every other process on the machine used. A round during which
 * other processes took more than `noiseShare` of a core is run again, up to `maxRounds`.
 */
import { readMachineCpu } from './machine-load.js';
import { readCpuMs } from './process-stats.js';
import type { Target } from './scenarios.js';
import { interleavedOrder } from './statistics.js';

export interface TargetInfo {
  name: Target;
  origin: string;
  /** The process that answers: the upstream itself for the direct call. */
  pid: number;
}

export interface Measured<T> {
  value: T;
  wallMs: number;
  /** CPU time of the answering process (the upstream for direct), ms. */
  serverCpuMs?: number;
  upstreamCpuMs?: number;
  loadGeneratorCpuMs: number;
  /** CPU time of every other process on the machine meanwhile, ms (another build, a test run). */
  otherCpuMs?: number;
}

export interface RoundResult<T> {
  round: number;
  order: Target[];
  results: Partial<Record<Target, Measured<T>>>;
  /** Other processes took more than the allowed share of a core during this round. */
  disturbed?: boolean;
}

export interface RoundPlan {
  rounds: number;
  maxRounds: number;
  noiseShare: number;
}

/** The rounds a summary should use: the undisturbed ones when there are enough of them. */
export interface RoundsRun<T> {
  rounds: Array<RoundResult<T>>;
  all: Array<RoundResult<T>>;
  note: string;
  disturbed: number;
}

function cpuDelta(pid: number, before: number | undefined): number | undefined {
  const after = readCpuMs(pid);
  return before === undefined || after === undefined ? undefined : after - before;
}

async function measureOnce<T>(target: TargetInfo, upstreamPid: number, measure: (target: TargetInfo) => Promise<T>): Promise<Measured<T>> {
  const serverBefore = readCpuMs(target.pid);
  const upstreamBefore = readCpuMs(upstreamPid);
  const loadBefore = process.cpuUsage();
  const machineBefore = readMachineCpu();
  const wallBefore = performance.now();
  const value = await measure(target);
  const wallMs = performance.now() - wallBefore;
  const load = process.cpuUsage(loadBefore);
  const machineAfter = readMachineCpu();
  const serverCpuMs = cpuDelta(target.pid, serverBefore);
  const upstreamCpuMs = cpuDelta(upstreamPid, upstreamBefore);
  const loadGeneratorCpuMs = (load.user + load.system) / 1000;
  const ours = loadGeneratorCpuMs + (upstreamCpuMs ?? 0) + (target.pid === upstreamPid ? 0 : (serverCpuMs ?? 0));
  const otherCpuMs = machineBefore && machineAfter ? Math.max(0, machineAfter.busyMs - machineBefore.busyMs - ours) : undefined;
  return {
    value,
    wallMs,
    ...(serverCpuMs === undefined ? {} : { serverCpuMs }),
    ...(upstreamCpuMs === undefined ? {} : { upstreamCpuMs }),
    loadGeneratorCpuMs,
    ...(otherCpuMs === undefined ? {} : { otherCpuMs }),
  };
}

export async function runRounds<T>(
  label: string,
  targets: readonly TargetInfo[],
  plan: RoundPlan,
  upstreamPid: number,
  measure: (target: TargetInfo) => Promise<T>,
): Promise<RoundsRun<T>> {
  const all: Array<RoundResult<T>> = [];
  const startedAt = performance.now();
  let clean = 0;
  for (let round = 0; round < plan.maxRounds && clean < plan.rounds; round += 1) {
    // When every planned round was disturbed the machine is busy throughout: repeating won't help.
    if (round >= plan.rounds && clean === 0) break;
    const order = interleavedOrder(targets, round);
    const result: RoundResult<T> = { round, order: order.map((target) => target.name), results: {} };
    for (const target of order) result.results[target.name] = await measureOnce(target, upstreamPid, measure);
    const measurements = Object.values(result.results);
    result.disturbed = measurements.some((m) => m !== undefined && (m.otherCpuMs ?? 0) > plan.noiseShare * m.wallMs);
    if (!result.disturbed) clean += 1;
    all.push(result);
  }
  const undisturbed = all.filter((round) => !round.disturbed);
  const rounds = undisturbed.length >= plan.rounds ? undisturbed : all;
  const wallMs = performance.now() - startedAt;
  const other = all.flatMap((round) => Object.values(round.results)).reduce((sum, m) => sum + (m?.otherCpuMs ?? 0), 0);
  const note = `${label}: ${all.length - undisturbed.length} of ${all.length} rounds disturbed (other processes > ${plan.noiseShare * 100}% of a core); other processes used ${((other / wallMs) * 100).toFixed(0)}% of a core; ${rounds === all ? 'all' : 'undisturbed'} rounds used`;
  process.stderr.write(`  ${note}; ${(wallMs / 1000).toFixed(1)} s\n`);
  return { rounds, all, note, disturbed: all.length - undisturbed.length };
}
