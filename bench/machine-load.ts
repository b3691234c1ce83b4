/**
 * CPU time the whole machine spent busy, from /proc/stat, so the bench can tell how much of
 * it went to processes other than its own (another build or test run skews every figure).
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';

export interface MachineCpu {
  /**
   * Time processes ran, summed over all cores (user, nice, system), ms. Interrupt and softirq
   * time is left out: much of it is the bench's own loopback traffic, charged to no process.
   */
  busyMs: number;
  /** Time the hypervisor gave to other guests, ms. */
  stealMs: number;
}

/** undefined where /proc/stat cannot be read. Assumes the usual 100 ticks per second. */
export function readMachineCpu(): MachineCpu | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '';
    const [, user, nice, system, , , , , steal] = line.trim().split(/\s+/).map(Number);
    const busy = (user ?? 0) + (nice ?? 0) + (system ?? 0);
    return { busyMs: busy * 10, stealMs: (steal ?? 0) * 10 };
  } catch {
    return undefined;
  }
}

export function loadAverage(): string {
  return loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');
}
