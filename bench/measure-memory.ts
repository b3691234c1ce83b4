/**
 * Resident memory of the gateway and the references (stack floor, bare proxy): idle, and
 * the peak while 256 slow streams are open at once. The peak is VmHWM after resetting it
 * (clear_refs), checked against RSS sampled every 50 ms.
 */
import { probeTargets, type BenchContext, type ScenarioOutcome } from './bench-context.js';
import { readMemory, resetPeakMemory } from './process-stats.js';
import type { TargetInfo } from './run-rounds.js';
import { chatRequest, streamEndMarker, type Mode, type Target } from './scenarios.js';
import { firstTokenMarker } from './stand-in-bodies.js';
import { runStreams } from './stream-timing.js';
import { barAtMost, type Row } from './summaries.js';

/** The processes whose memory is read: the gateway and the two references. */
const servers: ReadonlySet<Target> = new Set(['gateway', 'floor', 'bare']);

function memoryRow(metric: string, values: Partial<Record<Target, number>>, maximum?: number): Row {
  const gateway = values.gateway ?? NaN;
  const floor = values.floor ?? NaN;
  const bare = values.bare ?? NaN;
  return {
    section: 'memory',
    metric,
    unit: 'MB',
    gatewayVsFloor: gateway / floor,
    gatewayVsBare: gateway / bare,
    floorVsBare: floor / bare,
    gatewayVsDirect: NaN,
    bareVsDirect: NaN,
    gateway,
    floor,
    bare,
    direct: NaN,
    ...(maximum === undefined ? {} : { bar: barAtMost(gateway, maximum, 'gw (MB)', 1) }),
  };
}

/** RSS of each proxying target now. */
export function idleMemoryRow(context: BenchContext, metric: string, maximum?: number): Row {
  const values: Partial<Record<Target, number>> = {};
  for (const target of context.targets) {
    if (servers.has(target.name)) values[target.name] = readMemory(target.pid)?.rssMb ?? NaN;
  }
  return memoryRow(metric, values, maximum);
}

async function peakUnderStreams(context: BenchContext, target: TargetInfo, mode: Mode): Promise<{ peakMb: number; note: string }> {
  const { options } = context;
  const reset = resetPeakMemory(target.pid);
  let sampledMb = readMemory(target.pid)?.rssMb ?? NaN;
  const sampler = setInterval(() => (sampledMb = Math.max(sampledMb, readMemory(target.pid)?.rssMb ?? NaN)), 50);
  try {
    const result = await runStreams(target.origin, chatRequest(mode, target.name, { stream: true, shape: options.slowStream }), {
      concurrency: options.slowStreams,
      batches: 1,
      timeoutMs: options.timeoutMs,
      firstTokenMarker,
      endMarker: streamEndMarker(mode, target.name),
    });
    const peakMb = Math.max(sampledMb, reset ? (readMemory(target.pid)?.peakMb ?? NaN) : NaN);
    const failed = result.errors > 0 ? `, ${result.errors} failed: ${result.firstError ?? ''}` : '';
    return { peakMb, note: `${target.name} ${mode}: ${result.streams} streams ok${failed}${reset ? '' : ', VmHWM not resettable: sampled RSS only'}` };
  } finally {
    clearInterval(sampler);
  }
}

export async function measureMemory(context: BenchContext, modes: ReadonlyArray<[Mode, string]>): Promise<ScenarioOutcome> {
  const { options } = context;
  const rows: Row[] = [];
  const errors: string[] = [];
  const notes: string[] = [];
  const raw: Record<string, Partial<Record<Target, number>>> = {};
  const measured = context.targets.filter((target) => servers.has(target.name) && (target.name !== 'bare' || options.bareMemory));
  for (const [mode, label] of modes) {
    const probe = await probeTargets(measured, (target) => chatRequest(mode, target, { stream: true, shape: options.slowStream }), `memory-${mode}`);
    errors.push(...probe.errors);
    const peaks: Partial<Record<Target, number>> = {};
    for (const target of probe.working) {
      const { peakMb, note } = await peakUnderStreams(context, target, mode);
      peaks[target.name] = peakMb;
      notes.push(`memory: ${note}`);
    }
    raw[mode] = peaks;
    const shape = `${options.slowStream.chunks}×${options.slowStream.delayMs} ms`;
    rows.push(memoryRow(`peak RSS, ${options.slowStreams} streams of ${shape}, ${label}`, peaks, 120));
  }
  return { id: 'memory', rows, raw, errors, notes };
}
