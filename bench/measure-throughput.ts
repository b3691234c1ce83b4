/**
 * Closed-loop throughput at 32 connections, and the CPU time the answering server spent per
 * request, for non-stream chat (passthrough and Ollama translation) and GET /v1/models.
 * The bars are on CPU per request against the stack floor: ≤ 1.15× for passthrough, ≤ 1.3×
 * the floor's piping of the native call for Ollama translation.
 */
import { probeTargets, roundPlan, type BenchContext, type ScenarioOutcome } from './bench-context.js';
import type { RequestSpec } from './http-exchange.js';
import { runClosedLoop, type ClosedLoopResult } from './load-closed-loop.js';
import { runRounds, type Measured, type RoundResult, type TargetInfo } from './run-rounds.js';
import { modelsRequest, type Mode, type Target } from './scenarios.js';
import { median } from './statistics.js';
import { barAtMost, info, ratioRow, type Row } from './summaries.js';

/** CPU per request, gateway ÷ stack floor, at most. */
const cpuBars: Partial<Record<Mode, number>> = { passthrough: 1.15, 'ollama-chat': 1.3 };

const cpuPerRequestUs = (measured: Measured<ClosedLoopResult>): number =>
  measured.serverCpuMs === undefined || measured.value.allRequests === 0 ? NaN : (measured.serverCpuMs * 1000) / measured.value.allRequests;

/** "<target>: N errors, first: ..." for every target that had errors in any round. */
export function roundErrors(id: string, rounds: ReadonlyArray<RoundResult<{ errors: number; firstError?: string }>>): string[] {
  const found = new Map<string, string>();
  for (const round of rounds) {
    for (const [target, measured] of Object.entries(round.results)) {
      if (measured && measured.value.errors > 0 && !found.has(target)) {
        found.set(target, `${id}: ${target}: ${measured.value.errors} errors, first: ${measured.value.firstError ?? ''}`.slice(0, 240));
      }
    }
  }
  return [...found.values()];
}

function slowestThroughput(rounds: ReadonlyArray<RoundResult<ClosedLoopResult>>, targets: readonly TargetInfo[]): number {
  const medians = targets.map((target) => median(rounds.map((round) => round.results[target.name]?.value.throughput ?? NaN)));
  return Math.min(...medians.filter(Number.isFinite));
}

export async function measureThroughput(context: BenchContext, id: string, label: string, specFor: (target: Target) => RequestSpec, mode?: Mode): Promise<ScenarioOutcome> {
  const { options } = context;
  const { working, errors } = await probeTargets(context.targets, specFor, id);
  const run = await runRounds(id, working, roundPlan(options), context.upstreamPid, (target) =>
    runClosedLoop(target.origin, specFor(target.name), {
      connections: options.connections,
      warmupMs: options.closedWarmupMs,
      durationMs: options.closedDurationMs,
      maxRequestsPerConnection: 10_000_000,
      timeoutMs: options.timeoutMs,
    }),
  );
  const { rounds } = run;
  const section = 'throughput';
  const perSecond = (measured: Measured<ClosedLoopResult>): number => measured.value.throughput;
  const throughput = ratioRow(rounds, perSecond, { section, metric: `${label}, ${options.connections} connections`, unit: 'req/s' });
  const rows: Row[] = [throughput];
  throughput.bar = info('gw÷floor', throughput.gatewayVsFloor);
  const withInfo = working.some((target) => target.name === 'gateway-info');
  if (withInfo) rows.push(ratioRow(rounds, perSecond, { section, metric: `${label}, gateway logging each request`, unit: 'req/s' }, 'gateway-info'));
  const cpu = ratioRow(rounds, cpuPerRequestUs, { section: 'cpu', metric: `${label}: server CPU per request`, unit: 'µs' });
  const cpuBar = mode === undefined ? undefined : cpuBars[mode];
  cpu.bar = cpuBar === undefined ? info('gw÷floor', cpu.gatewayVsFloor) : barAtMost(cpu.gatewayVsFloor, cpuBar, 'gw÷floor');
  rows.push(cpu);
  if (withInfo) rows.push(ratioRow(rounds, cpuPerRequestUs, { section: 'cpu', metric: `${label}: CPU per request, gateway logging each request`, unit: 'µs' }, 'gateway-info'));
  if (mode) context.reference.throughput[mode] = slowestThroughput(rounds, working);
  const busy = (target: Target): string => {
    const shares = rounds.map((round) => round.results[target]).map((m) => (m?.serverCpuMs ?? NaN) / (m?.wallMs ?? NaN));
    return `${target} ${(median(shares) * 100).toFixed(0)}%`;
  };
  const notes = [run.note, `${id}: server core busy: ${working.map((target) => busy(target.name)).join(', ')} (direct = upstream)`];
  return { id, rows, raw: run.all, rounds: { run: run.all.length, disturbed: run.disturbed }, errors: [...errors, ...roundErrors(id, rounds)], notes };
}

export function measureModels(context: BenchContext): Promise<ScenarioOutcome> {
  return measureThroughput(context, 'models-throughput', 'GET /v1/models', () => modelsRequest());
}
