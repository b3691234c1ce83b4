/**
 * Turns rounds of measurements into table rows: the median over rounds of each per-round
 * ratio (gateway÷direct, bare÷direct, gateway÷bare) and the median absolute values.
 */
import type { Measured, RoundResult } from './run-rounds.js';
import type { Target } from './scenarios.js';
import { median, medianOfRatios } from './statistics.js';

export interface Bar {
  /** What is required and what was measured, e.g. "≥0.75× bare: 0.82×". */
  text: string;
  /** undefined when the figures needed are missing. */
  pass: boolean | undefined;
}

export interface Row {
  section: string;
  metric: string;
  unit: string;
  gatewayVsDirect: number;
  bareVsDirect: number;
  gatewayVsBare: number;
  gateway: number;
  bare: number;
  direct: number;
  bar?: Bar;
}

export type Extract<T> = (measured: Measured<T>) => number;

/** Which target fills the gateway column: the silent gateway, or the one logging each request. */
export type GatewayColumn = 'gateway' | 'gateway-info';

/** The median over rounds of a ÷ b for two targets measured in the same rounds. */
export function medianRatioBetween<T>(rounds: ReadonlyArray<RoundResult<T>>, extract: Extract<T>, a: Target, b: Target): number {
  return medianOfRatios(pairs(valuesOf(rounds, a, extract), valuesOf(rounds, b, extract)));
}

function valuesOf<T>(rounds: ReadonlyArray<RoundResult<T>>, target: Target, extract: Extract<T>): Array<number | undefined> {
  return rounds.map((round) => {
    const measured = round.results[target];
    return measured ? extract(measured) : undefined;
  });
}

function pairs(a: Array<number | undefined>, b: Array<number | undefined>): Array<[number | undefined, number | undefined]> {
  return a.map((value, index) => [value, b[index]]);
}

function finite(values: Array<number | undefined>): number[] {
  return values.filter((value): value is number => value !== undefined && Number.isFinite(value));
}

export function ratioRow<T>(
  rounds: ReadonlyArray<RoundResult<T>>,
  extract: Extract<T>,
  labels: { section: string; metric: string; unit: string },
  gatewayColumn: GatewayColumn = 'gateway',
): Row {
  const gateway = valuesOf(rounds, gatewayColumn, extract);
  const bare = valuesOf(rounds, 'bare', extract);
  const direct = valuesOf(rounds, 'direct', extract);
  return {
    ...labels,
    gatewayVsDirect: medianOfRatios(pairs(gateway, direct)),
    bareVsDirect: medianOfRatios(pairs(bare, direct)),
    gatewayVsBare: medianOfRatios(pairs(gateway, bare)),
    gateway: median(finite(gateway)),
    bare: median(finite(bare)),
    direct: median(finite(direct)),
  };
}

export interface Added {
  /** Median over rounds of (gateway − direct). */
  gateway: number;
  /** Median over rounds of (bare − direct). */
  bare: number;
  /** Median over rounds of (gateway − direct) ÷ (bare − direct); rounds where bare added nothing are left out. */
  gatewayVsBare: number;
}

/** What the gateway and the bare proxy add to the direct call, per round, then the median. */
export function addedOver<T>(rounds: ReadonlyArray<RoundResult<T>>, extract: Extract<T>, gatewayColumn: GatewayColumn = 'gateway'): Added {
  const direct = valuesOf(rounds, 'direct', extract);
  const minus = (values: Array<number | undefined>): Array<number | undefined> =>
    values.map((value, index) => {
      const base = direct[index];
      return value === undefined || base === undefined ? undefined : value - base;
    });
  const gateway = minus(valuesOf(rounds, gatewayColumn, extract));
  const bare = minus(valuesOf(rounds, 'bare', extract));
  return { gateway: median(finite(gateway)), bare: median(finite(bare)), gatewayVsBare: medianOfRatios(pairs(gateway, bare)) };
}

export function barAtLeast(value: number, minimum: number, text: string): Bar {
  return { text: `${text} ≥ ${minimum}: ${value.toFixed(2)}`, pass: Number.isFinite(value) ? value >= minimum : undefined };
}

export function barAtMost(value: number, maximum: number, text: string, digits = 2): Bar {
  return { text: `${text} ≤ ${maximum}: ${value.toFixed(digits)}`, pass: Number.isFinite(value) ? value <= maximum : undefined };
}
