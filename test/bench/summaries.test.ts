import { describe, expect, it } from 'vitest';
import { modelName, parseModelName } from '../../bench/bench-models.js';
import type { Measured, RoundResult } from '../../bench/run-rounds.js';
import { addedOver, describeAdded, info, ratioRow } from '../../bench/summaries.js';

function measured(value: number): Measured<number> {
  return { value, wallMs: 1, loadGeneratorCpuMs: 0 };
}

function round(index: number, direct: number, floor: number, bare: number, gateway: number): RoundResult<number> {
  return {
    round: index,
    order: ['direct', 'floor', 'bare', 'gateway'],
    results: { direct: measured(direct), floor: measured(floor), bare: measured(bare), gateway: measured(gateway) },
  };
}

const rounds = [round(0, 10, 14, 12, 15), round(1, 20, 24, 22, 24), round(2, 10, 12, 10, 13)];

describe('ratioRow', () => {
  it('takes medians of per-round ratios against the floor, the bare proxy and the direct call', () => {
    const row = ratioRow(rounds, (m) => m.value, { section: 's', metric: 'm', unit: 'ms' });
    // Per round, gateway ÷ floor: 15/14, 1, 13/12.
    expect(row.gatewayVsFloor).toBeCloseTo(15 / 14, 10);
    expect(row.gatewayVsBare).toBeCloseTo(15 / 12, 10);
    expect(row.floorVsBare).toBeCloseTo(14 / 12, 10);
    expect(row.gatewayVsDirect).toBeCloseTo(1.3, 10);
  });

  it('takes medians of the absolute values of each target', () => {
    const row = ratioRow(rounds, (m) => m.value, { section: 's', metric: 'm', unit: 'ms' });
    expect([row.direct, row.floor, row.bare, row.gateway]).toEqual([10, 14, 12, 15]);
  });

  it('leaves the floor ratios undefined when the floor was not measured', () => {
    const withoutFloor = rounds.map((measuredRound) => ({ ...measuredRound, results: { ...measuredRound.results, floor: undefined } }));
    const row = ratioRow(withoutFloor, (m) => m.value, { section: 's', metric: 'm', unit: 'ms' });
    expect(row.gatewayVsFloor).toBeNaN();
    expect(row.floor).toBeNaN();
  });
});

describe('addedOver', () => {
  it('subtracts the direct figure per round, then takes the median', () => {
    const added = addedOver(rounds, (m) => m.value);
    expect(added).toMatchObject({ gateway: 4, floor: 4, bare: 2 });
  });

  it('gives what the gateway adds on top of the floor, per round', () => {
    // Rounds: 15 − 14, 24 − 24, 13 − 12.
    expect(addedOver(rounds, (m) => m.value).gatewayOverFloor).toBe(1);
  });

  it.each([
    [{ gateway: 4, floor: 3.5, bare: 2, gatewayOverFloor: 0.5 }, 'gw +4.0, floor +3.5, bare +2.0 ms over direct'],
    [{ gateway: 1, floor: 0.5, bare: -0.25, gatewayOverFloor: 0.5 }, 'gw +1.0, floor +0.5, bare −0.3 ms over direct'],
  ])('is described with every reference and its sign: %j', (added, text) => {
    expect(describeAdded(added, 1)).toBe(text);
  });
});

describe('info', () => {
  it.each([
    [1.234, 'gw÷floor 1.23'],
    [NaN, 'gw÷floor —'],
  ])('shows %s without a pass or fail', (value, text) => {
    expect(info('gw÷floor', value)).toEqual({ text, pass: undefined });
  });
});

describe('model names', () => {
  it('carry the stream shape to the stand-in upstream', () => {
    const name = modelName('ochat', { chunks: 200, delayMs: 5 });
    expect(name).toBe('ochat-c200-d5');
    expect(parseModelName(name)).toEqual({ chunks: 200, delayMs: 5 });
    expect(parseModelName('llama3.2:1b')).toBeUndefined();
  });
});
