/**
 * The per-model window behind `GET /status`, driven by an injected clock.
 */
import { describe, expect, it } from 'vitest';
import { RollingModelStats, type FinishedRequest, type ModelWindowStats } from '../../../src/status/rolling-model-stats.js';

/** A clock that starts at a whole second, well after the epoch, and moves only when told. */
function createClock(start = 1_700_000_000_000) {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}

function statsOf(stats: RollingModelStats, model: string): ModelWindowStats | undefined {
  return stats.snapshot().models.find((entry) => entry.model === model);
}

const ok = (extra: Partial<FinishedRequest> = {}): FinishedRequest => ({ model: 'chat', status: 200, ...extra });

describe('RollingModelStats', () => {
  it('reports requests and completion tokens per second over the full window once it has run a minute', () => {
    const clock = createClock();
    const stats = new RollingModelStats({ now: clock.now });
    clock.advance(60_000);
    for (let index = 0; index < 30; index += 1) stats.record(ok({ completionTokens: 10 }));
    expect(statsOf(stats, 'chat')).toMatchObject({ requests_per_second: 0.5, tokens_per_second: 5 });
  });

  it('divides by the time it has run during its first minute, so early rates do not read low', () => {
    const clock = createClock();
    const stats = new RollingModelStats({ now: clock.now });
    clock.advance(10_000);
    for (let index = 0; index < 20; index += 1) stats.record(ok());
    expect(statsOf(stats, 'chat')?.requests_per_second).toBe(2);
  });

  it('forgets requests older than the window', () => {
    const clock = createClock();
    const stats = new RollingModelStats({ now: clock.now });
    clock.advance(60_000);
    stats.record(ok({ ttftSeconds: 0.1, completionTokens: 5 }));
    clock.advance(60_000);
    expect(statsOf(stats, 'chat')).toEqual({
      model: 'chat',
      requests_per_second: 0,
      error_rate: null,
      ttft_p50_ms: null,
      ttft_p95_ms: null,
      tokens_per_second: 0,
    });
  });

  it('keeps requests of the last 60 seconds while the ring wraps around several times', () => {
    const clock = createClock();
    const stats = new RollingModelStats({ now: clock.now });
    // One request a second for three minutes: the window always holds the last 60.
    for (let second = 0; second < 180; second += 1) {
      stats.record(ok());
      clock.advance(1000);
    }
    clock.advance(-1000);
    expect(statsOf(stats, 'chat')?.requests_per_second).toBe(1);
  });

  it.each([
    { statuses: [200, 200, 200, 502], errorRate: 0.25 },
    { statuses: [200, 499, 429, 400], errorRate: 0 },
    { statuses: [503, 504], errorRate: 1 },
  ])('counts 5xx answers as errors, not client aborts or 4xx: $statuses → $errorRate', ({ statuses, errorRate }) => {
    const stats = new RollingModelStats({ now: createClock().now });
    for (const status of statuses) stats.record(ok({ status }));
    expect(statsOf(stats, 'chat')?.error_rate).toBe(errorRate);
  });

  it('reports time-to-first-token p50 and p95 within the histogram error', () => {
    const stats = new RollingModelStats({ now: createClock().now });
    // 1..100 ms: p50 is 50 ms and p95 is 95 ms by nearest rank.
    for (let ms = 1; ms <= 100; ms += 1) stats.record(ok({ ttftSeconds: ms / 1000 }));
    const result = statsOf(stats, 'chat');
    expect(result?.ttft_p50_ms).toBeGreaterThan(50 * 0.91);
    expect(result?.ttft_p50_ms).toBeLessThan(50 * 1.1);
    expect(result?.ttft_p95_ms).toBeGreaterThan(95 * 0.91);
    expect(result?.ttft_p95_ms).toBeLessThan(95 * 1.1);
  });

  it('leaves failed answers out of the time to first token, as the metrics do', () => {
    const stats = new RollingModelStats({ now: createClock().now });
    stats.record(ok({ ttftSeconds: 0.02 }));
    stats.record(ok({ status: 502, ttftSeconds: 30 }));
    // Had the 30 s sample counted, p95 would be near 30 000 ms.
    expect(statsOf(stats, 'chat')?.ttft_p95_ms).toBeLessThan(22);
  });

  it('skips requests never routed to a model', () => {
    const stats = new RollingModelStats({ now: createClock().now });
    stats.record({ model: 'unknown', status: 401 });
    expect(stats.snapshot()).toEqual({ window_seconds: 60, models: [] });
  });

  it('lists models by id, each with its own figures', () => {
    const stats = new RollingModelStats({ now: createClock().now });
    stats.record({ model: 'zeta', status: 200 });
    stats.record({ model: 'alpha', status: 500 });
    const models = stats.snapshot().models;
    expect(models.map((model) => [model.model, model.error_rate])).toEqual([
      ['alpha', 1],
      ['zeta', 0],
    ]);
  });

  it('tracks at most maxModels models', () => {
    const stats = new RollingModelStats({ now: createClock().now, maxModels: 2 });
    for (const model of ['a', 'b', 'c']) stats.record({ model, status: 200 });
    expect(stats.snapshot().models.map((model) => model.model)).toEqual(['a', 'b']);
  });
});
