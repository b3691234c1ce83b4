/**
 * Turns rounds of measurements into table rows: the median over rounds of each per-round
 * ratio (gateway÷floor, the headline; gateway÷bare; floor÷bare; gateway÷direct) and the
 * median absolute values. The floor is the stack floor (stack-floor.ts), the bare proxy
 * the Node floor (bare-proxy.ts).
 */
import type { Measured, RoundResult } from './run-rounds.js';
import type { Target } from './scenarios.js';
import { median, medianOfRatios } from './statistics.js';

export interface Bar {
  /** What is required and what was measured, e.g. "gw÷floor ≤ 1.15: 1.08". */
  text: string;
  /** undefined when the figures needed are missing. */
  pass: boolean | undefined;
}

export interface Row {
  section: string;
  metric: string;
  unit: string;
  gatewayVsFloor: number;
  gatewayVsBare: number;
  floorVsBare: number;
  gatewayVsDirect: number;
  bareVsDirect: number;
  gateway: number;
  floor: number;
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
  const floor = valuesOf(rounds, 'floor', extract);
  const bare = valuesOf(rounds, 'bare', extract);
  const direct = valuesOf(rounds, 'direct', extract);
  return {
    ...labels,
    gatewayVsFloor: medianOfRatios(pairs(gateway, floor)),
    gatewayVsBare: medianOfRatios(pairs(gateway, bare)),
    floorVsBare: medianOfRatios(pairs(floor, bare)),
    gatewayVsDirect: medianOfRatios(pairs(gateway, direct)),
    bareVsDirect: medianOfRatios(pairs(bare, direct)),
    gateway: median(finite(gateway)),
    floor: median(finite(floor)),
    bare: median(finite(bare)),
    direct: median(finite(direct)),
  };
}

export interface Added {
  /** Median over rounds of (gateway − direct). */
  gateway: number;
  /** Median over rounds of (floor − direct). */
  floor: number;
  /** Median over rounds of (bare − direct). */
  bare: number;
  /** Median over rounds of (gateway − floor): what the gateway adds on top of the stack. */
  gatewayOverFloor: number;
}

/** Per round, the difference of two targets' figures; undefined where either is missing. */
function differences(minuend: Array<number | undefined>, subtrahend: Array<number | undefined>): Array<number | undefined> {
  return minuend.map((value, index) => {
    const base = subtrahend[index];
    return value === undefined || base === undefined ? undefined : value - base;
  });
}

/** What the gateway and both references add to the direct call, per round, then the median. */
export function addedOver<T>(rounds: ReadonlyArray<RoundResult<T>>, extract: Extract<T>, gatewayColumn: GatewayColumn = 'gateway'): Added {
  const direct = valuesOf(rounds, 'direct', extract);
  const gateway = valuesOf(rounds, gatewayColumn, extract);
  const floor = valuesOf(rounds, 'floor', extract);
  return {
    gateway: median(finite(differences(gateway, direct))),
    floor: median(finite(differences(floor, direct))),
    bare: median(finite(differences(valuesOf(rounds, 'bare', extract), direct))),
    gatewayOverFloor: median(finite(differences(gateway, floor))),
  };
}

/** "gw +1.234, floor +0.987, bare −0.056 ms over direct": the usual text of an Added. */
export function describeAdded(added: Added, digits = 3): string {
  const signed = (value: number): string => `${value < 0 ? '−' : '+'}${Math.abs(value).toFixed(digits)}`;
  return `gw ${signed(added.gateway)}, floor ${signed(added.floor)}, bare ${signed(added.bare)} ms over direct`;
}

/** A figure shown beside the row without a pass or fail. */
export function info(text: string, value: number, digits = 2): Bar {
  return { text: `${text} ${Number.isFinite(value) ? value.toFixed(digits) : '—'}`, pass: undefined };
}

export function barAtLeast(value: number, minimum: number, text: string): Bar {
  return { text: `${text} ≥ ${minimum}: ${value.toFixed(2)}`, pass: Number.isFinite(value) ? value >= minimum : undefined };
}

export function barAtMost(value: number, maximum: number, text: string, digits = 2): Bar {
  return { text: `${text} ≤ ${maximum}: ${value.toFixed(digits)}`, pass: Number.isFinite(value) ? value <= maximum : undefined };
}
