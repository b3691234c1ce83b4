import { describe, expect, it } from 'vitest';
import { fleetRow, renderFleetMarkdown, renderFleetText } from '../../../bench/fleet/fleet-report.js';
import type { FleetRunResult } from '../../../bench/fleet/run-fleet-workload.js';

function runResult(overrides: Partial<FleetRunResult> = {}): FleetRunResult {
  return { planned: 4, notSent: 0, completed: 4, errors: 0, latencies: [100, 200, 300, 400], firstTokens: [5, 6, 7, 8], wallMs: 1500, ...overrides };
}

const boxes = [
  { name: 'box-a', requests: 3, coldLoads: 1, evictions: 1 },
  { name: 'box-b', requests: 1, coldLoads: 2, evictions: 2 },
];

describe('fleetRow', () => {
  it('takes median and p95 latency of the answered requests', () => {
    const row = fleetRow('least_busy', runResult(), boxes);
    expect(row.p50Ms).toBe(250);
    expect(row.p95Ms).toBeCloseTo(385, 10);
    expect(row.firstTokenP50Ms).toBe(6.5);
  });

  it('adds up the cold loads the boxes counted', () => {
    expect(fleetRow('round_robin', runResult(), boxes).coldLoads).toBe(3);
  });
});

describe('renderFleetMarkdown', () => {
  it('shows one row per strategy with requests and cold loads per box', () => {
    const markdown = renderFleetMarkdown([fleetRow('round_robin', runResult(), boxes)]);
    const lines = markdown.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('| `round_robin` | 4/4 | 250 | 385 | 7 | 3 | box-a 1, box-b 2 | box-a 3, box-b 1 | 1.5 |');
  });

  it('says how many requests failed or were not sent', () => {
    const markdown = renderFleetMarkdown([fleetRow('least_busy', runResult({ completed: 2, errors: 1, notSent: 1 }), boxes)]);
    expect(markdown).toContain('| 2/4, 1 failed, 1 not sent |');
  });
});

describe('renderFleetText', () => {
  it('aligns a header, a rule and one line per strategy', () => {
    const lines = renderFleetText([fleetRow('round_robin', runResult(), boxes), fleetRow('least_busy', runResult(), boxes)]).split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]?.startsWith('strategy')).toBe(true);
    expect(lines[2]?.startsWith('round_robin')).toBe(true);
  });
});
