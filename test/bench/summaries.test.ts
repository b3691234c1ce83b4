import { describe, expect, it } from 'vitest';
import { modelName, parseModelName } from '../../bench/bench-models.js';
import type { Measured, RoundResult } from '../../bench/run-rounds.js';
import { addedOver, ratioRow } from '../../bench/summaries.js';

function measured(value: number): Measured<number> {
  return { value, wallMs: 1, loadGeneratorCpuMs: 0 };
}

function round(index: number, direct: number, bare: number, gateway: number): RoundResult<number> {
  return {
    round: index,
    order: ['direct', 'bare', 'gateway'],
    results: { direct: measured(direct), bare: measured(bare), gateway: measured(gateway) },
  };
}

const rounds = [round(0, 10, 12, 15), round(1, 20, 22, 24), round(2, 10, 10, 13)];

describe('ratioRow', () => {
  it('takes medians of per-round ratios and of absolute values', () => {
    const row = ratioRow(rounds, (m) => m.value, { section: 's', metric: 'm', unit: 'ms' });
    expect(row.gatewayVsDirect).toBeCloseTo(1.3, 10);
    expect(row.bareVsDirect).toBeCloseTo(1.1, 10);
    expect(row.gatewayVsBare).toBeCloseTo(15 / 12, 10);
    expect([row.direct, row.bare, row.gateway]).toEqual([10, 12, 15]);
  });
});

describe('addedOver', () => {
  it('subtracts the direct figure per round and leaves out rounds where bare added nothing', () => {
    const added = addedOver(rounds, (m) => m.value);
    expect(added.gateway).toBe(4);
    expect(added.bare).toBe(2);
    // Round 2 (bare added 0) has no ratio; rounds 0 and 1 give 2.5 and 2.
    expect(added.gatewayVsBare).toBeCloseTo(2.25, 10);
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
