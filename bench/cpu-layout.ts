/**
 * Which cores run what. With taskset and at least two cores, the servers under test (stack
 * floor, bare proxy, gateway) get the last core to themselves; the load generator (this
 * process) and the stand-ins (upstream, fleet) share the others, so a server never competes
 * with the load it is given.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

export interface CpuLayout {
  pinned: boolean;
  /** taskset core list for the load generator and the stand-ins. */
  loadCores?: string;
  /** taskset core list for the references and the gateway. */
  serverCores?: string;
  description: string;
}

function hasTaskset(): boolean {
  return spawnSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' }).status === 0;
}

/** Plans the layout and pins this process (all its threads) to the load cores. */
export function pinLoadGenerator(): CpuLayout {
  const cores = availableParallelism();
  if (cores < 2 || !hasTaskset()) {
    return { pinned: false, description: `not pinned (${cores} core(s), taskset ${hasTaskset() ? 'present' : 'missing'})` };
  }
  const loadCores = cores === 2 ? '0' : `0-${cores - 2}`;
  const serverCores = String(cores - 1);
  execFileSync('taskset', ['-a', '-p', '-c', loadCores, String(process.pid)], { stdio: 'ignore' });
  return {
    pinned: true,
    loadCores,
    serverCores,
    description: `load generator + stand-ins on core ${loadCores}; stack floor, bare proxy + gateway on core ${serverCores}`,
  };
}

/** The command and arguments that run `node ...args`, pinned to `cores` when given. */
export function nodeCommand(args: string[], cores: string | undefined): { command: string; args: string[] } {
  if (cores === undefined) return { command: process.execPath, args };
  return { command: 'taskset', args: ['-c', cores, process.execPath, ...args] };
}
