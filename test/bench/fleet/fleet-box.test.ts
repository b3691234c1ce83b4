import { describe, expect, it } from 'vitest';
import { FleetBox, type BoxClock } from '../../../bench/fleet/fleet-box.js';
import type { BoxSpec } from '../../../bench/fleet/fleet-spec.js';

/** Lets promise callbacks already due run, as a turn of the event loop would. */
async function runPromiseCallbacks(): Promise<void> {
  for (let turn = 0; turn < 10; turn += 1) await Promise.resolve();
}

/** A clock whose waits end only when the test moves time on. */
function manualClock(): BoxClock & { advance(ms: number): Promise<void> } {
  let now = 1_000;
  const timers: Array<{ at: number; done: () => void }> = [];
  return {
    now: () => now,
    wait: (ms) => new Promise<void>((done) => timers.push({ at: now + ms, done })),
    async advance(ms) {
      // Requests started just before start their waits first.
      await runPromiseCallbacks();
      now += ms;
      for (const timer of timers.filter((entry) => entry.at <= now)) {
        timers.splice(timers.indexOf(timer), 1);
        timer.done();
      }
      await runPromiseCallbacks();
    },
  };
}

function boxSpec(overrides: Partial<BoxSpec> = {}): BoxSpec {
  return { name: 'box', resident: ['old', 'recent'], capacity: 2, parallel: 2, tokensPerSecond: 100, coldLoadMs: 300, ...overrides };
}

/** Resolves to true once the promise has settled, without waiting for it. */
async function hasSettled(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  void promise.then(() => (settled = true));
  await runPromiseCallbacks();
  return settled;
}

describe('FleetBox', () => {
  it('admits a request for a resident model at once, with no cold load', async () => {
    const box = new FleetBox(boxSpec(), manualClock());
    const end = await box.admit('old');
    end();
    expect(box.stats()).toMatchObject({ requests: 1, coldLoads: 0 });
  });

  it('holds a request for another model until its cold load is done', async () => {
    const clock = manualClock();
    const box = new FleetBox(boxSpec(), clock);
    const admitted = box.admit('new');
    await clock.advance(299);
    expect(await hasSettled(admitted)).toBe(false);
    await clock.advance(1);
    expect(await hasSettled(admitted)).toBe(true);
  });

  it('counts one cold load for every request that arrives while it runs', async () => {
    const clock = manualClock();
    const box = new FleetBox(boxSpec(), clock);
    const both = Promise.all([box.admit('new'), box.admit('new')]);
    await clock.advance(300);
    (await both).forEach((end) => end());
    expect(box.stats().coldLoads).toBe(1);
  });

  it('evicts the least recently used idle model beyond its capacity', async () => {
    const clock = manualClock();
    const box = new FleetBox(boxSpec(), clock);
    const admitted = box.admit('new');
    await clock.advance(300);
    (await admitted)();
    expect(box.residentModels().map((entry) => entry.model).sort()).toEqual(['new', 'recent']);
    expect(box.stats().evictions).toBe(1);
  });

  it('keeps a model that is generating, evicting it once its request has ended', async () => {
    const clock = manualClock();
    const box = new FleetBox(boxSpec({ resident: ['busy'], capacity: 1 }), clock);
    const busy = await box.admit('busy');
    const admitted = box.admit('new');
    await clock.advance(300);
    expect(box.residentModels().map((entry) => entry.model).sort()).toEqual(['busy', 'new']);
    busy();
    (await admitted)();
    expect(box.residentModels().map((entry) => entry.model)).toEqual(['new']);
  });

  it('queues requests beyond its parallelism and serves them in order', async () => {
    const box = new FleetBox(boxSpec({ parallel: 1 }), manualClock());
    const first = await box.admit('old');
    const order: string[] = [];
    const second = box.admit('old').then((end) => (order.push('second'), end));
    const third = box.admit('old').then((end) => (order.push('third'), end));
    expect(await hasSettled(second)).toBe(false);
    first();
    (await second)();
    (await third)();
    expect(order).toEqual(['second', 'third']);
    expect(box.stats().peakQueued).toBe(2);
  });

  it('frees the slot once however often a request is ended', async () => {
    const box = new FleetBox(boxSpec({ parallel: 1 }), manualClock());
    const first = await box.admit('old');
    first();
    first();
    const second = await box.admit('old');
    expect(await hasSettled(box.admit('old'))).toBe(false);
    second();
  });

  it('lists resident models most recently used first', async () => {
    const clock = manualClock();
    const box = new FleetBox(boxSpec(), clock);
    await clock.advance(5);
    (await box.admit('old'))();
    expect(box.residentModels().map((entry) => entry.model)).toEqual(['old', 'recent']);
  });
});
