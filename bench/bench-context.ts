/** What every scenario gets (targets, options) and gives back (rows, raw rounds, errors). */
import { Client } from 'undici';
import { exchange, type RequestSpec } from './http-exchange.js';
import type { BenchOptions } from './options.js';
import type { RoundPlan, TargetInfo } from './run-rounds.js';
import type { Mode, Target } from './scenarios.js';
import type { Row } from './summaries.js';

export interface BenchContext {
  options: BenchOptions;
  /** direct, the stack floor, the bare proxy, and the gateway(s) that started. */
  targets: TargetInfo[];
  upstreamPid: number;
  /** Figures one scenario needs from another (the Ollama bar compares with bare passthrough). */
  reference: { throughput: Partial<Record<Mode, number>> };
  /** performance.now() after which no further scenario starts. */
  deadline: number;
}

export interface ScenarioOutcome {
  id: string;
  rows: Row[];
  raw: unknown;
  errors: string[];
  notes: string[];
  /** Rounds run, and how many of them other processes disturbed. */
  rounds?: { run: number; disturbed: number };
  /** Tables of their own, printed after the main one (the fleet's). */
  tables?: ExtraTable[];
}

export interface ExtraTable {
  title: string;
  text: string;
  markdown: string;
}

/**
 * Sends one request to each target and keeps those that answer 200, so a gateway endpoint
 * that does not work yet costs one error line instead of a scenario full of failures.
 */
export async function probeTargets(
  targets: readonly TargetInfo[],
  specFor: (target: Target) => RequestSpec,
  label: string,
): Promise<{ working: TargetInfo[]; errors: string[] }> {
  const working: TargetInfo[] = [];
  const errors: string[] = [];
  for (const target of targets) {
    const client = new Client(target.origin, { headersTimeout: 30_000, bodyTimeout: 30_000 });
    const result = await exchange(client, specFor(target.name), { signal: AbortSignal.timeout(30_000) });
    await client.destroy();
    if (result.status === 200 && result.bytes > 0) working.push(target);
    else errors.push(`${label}: ${target.name} answered ${result.status}: ${(result.errorText ?? '').slice(0, 160)}`);
  }
  return { working, errors };
}

export function roundPlan(options: BenchOptions): RoundPlan {
  return { rounds: options.rounds, maxRounds: options.maxRounds, noiseShare: options.noiseShare };
}

/** Targets without the logging gateway (streams and memory are measured on the silent one). */
export function withoutInfoGateway(targets: readonly TargetInfo[]): TargetInfo[] {
  return targets.filter((target) => target.name !== 'gateway-info');
}
