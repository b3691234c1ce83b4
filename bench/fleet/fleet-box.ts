/**
 * One stand-in Ollama box's memory and queue, without HTTP: which models are resident,
 * the cold load a request for another one waits for (shared by every request that comes
 * while it runs), eviction of the least recently used idle model beyond the box's
 * capacity, and a parallelism limit with a first-come queue. The clock is injected, so
 * the tests need no real time. Counts what the fleet report shows.
 */
import type { BoxSpec } from './fleet-spec.js';

export interface BoxClock {
  now(): number;
  wait(ms: number): Promise<void>;
}

export const realClock: BoxClock = {
  now: () => Date.now(),
  wait: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface ResidentModel {
  model: string;
  /** Requests generating with it now. */
  active: number;
  lastUsedAt: number;
}

export interface BoxStats {
  requests: number;
  coldLoads: number;
  evictions: number;
  /** The most requests that waited for a slot at once. */
  peakQueued: number;
  requestsByModel: Record<string, number>;
}

/** A request admitted twice this often without its model staying resident is a bug, not load. */
const maxLoadAttempts = 8;

export class FleetBox {
  private readonly resident = new Map<string, ResidentModel>();
  private readonly loading = new Map<string, Promise<void>>();
  private readonly waiting: Array<() => void> = [];
  private slotsInUse = 0;
  private readonly counts: BoxStats = { requests: 0, coldLoads: 0, evictions: 0, peakQueued: 0, requestsByModel: {} };

  constructor(
    readonly spec: BoxSpec,
    private readonly clock: BoxClock = realClock,
  ) {
    const start = clock.now();
    spec.resident.forEach((model, index) => this.resident.set(model, { model, active: 0, lastUsedAt: start - spec.resident.length + index }));
  }

  /**
   * Waits for a slot and for the model to be in memory; resolves with the function that
   * ends the request (call it once, when its answer has ended or its client has gone).
   */
  async admit(model: string): Promise<() => void> {
    this.counts.requests += 1;
    this.counts.requestsByModel[model] = (this.counts.requestsByModel[model] ?? 0) + 1;
    await this.takeSlot();
    for (let attempt = 0; attempt < maxLoadAttempts; attempt += 1) {
      await this.makeResident(model);
      const entry = this.resident.get(model);
      // Another load finishing in between may have evicted it again: load it once more.
      if (!entry) continue;
      entry.active += 1;
      entry.lastUsedAt = this.clock.now();
      let ended = false;
      return () => {
        if (ended) return;
        ended = true;
        entry.active -= 1;
        entry.lastUsedAt = this.clock.now();
        this.trim();
        this.giveSlot();
      };
    }
    this.giveSlot();
    throw new Error(`${this.spec.name}: ${model} was evicted ${maxLoadAttempts} times before it could be used`);
  }

  /** Resident models, most recently used first (the order Ollama's `/api/ps` lists them). */
  residentModels(): ResidentModel[] {
    return [...this.resident.values()].sort((a, b) => b.lastUsedAt - a.lastUsedAt).map((entry) => ({ ...entry }));
  }

  stats(): BoxStats {
    return { ...this.counts, requestsByModel: { ...this.counts.requestsByModel } };
  }

  private takeSlot(): Promise<void> {
    if (this.slotsInUse < this.spec.parallel) {
      this.slotsInUse += 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.counts.peakQueued = Math.max(this.counts.peakQueued, this.waiting.length);
    });
  }

  /** The slot passes straight to the first waiter, so nobody overtakes the queue. */
  private giveSlot(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.slotsInUse -= 1;
  }

  private makeResident(model: string): Promise<void> {
    if (this.resident.has(model)) return Promise.resolve();
    let load = this.loading.get(model);
    if (!load) {
      this.counts.coldLoads += 1;
      load = this.clock.wait(this.spec.coldLoadMs).then(() => {
        this.loading.delete(model);
        this.resident.set(model, { model, active: 0, lastUsedAt: this.clock.now() });
        this.trim(model);
      });
      this.loading.set(model, load);
    }
    return load;
  }

  /** Evicts least recently used idle models while over capacity; `keep` was just loaded for its waiters. */
  private trim(keep?: string): void {
    while (this.resident.size > this.spec.capacity) {
      const idle = [...this.resident.values()].filter((entry) => entry.active === 0 && entry.model !== keep);
      const oldest = idle.sort((a, b) => a.lastUsedAt - b.lastUsedAt)[0];
      if (!oldest) return;
      this.resident.delete(oldest.model);
      this.counts.evictions += 1;
    }
  }
}
