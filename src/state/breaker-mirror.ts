/**
 * This process's copy of circuit-breaker state: key → open until (epoch ms). Every store
 * answers `openUntil` from one of these so that the check on each request is a map
 * lookup; the Redis store keeps its copy current from pub/sub and a periodic resync.
 */
import type { BreakerListener, Unsubscribe } from './state-store.js';

export class BreakerMirror {
  private readonly openKeys = new Map<string, number>();
  private readonly listeners = new Set<BreakerListener>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Until when `key` is open; 0 when closed or the time has passed. */
  openUntil(key: string): number {
    const until = this.openKeys.get(key);
    if (until === undefined) return 0;
    if (until > this.now()) return until;
    this.openKeys.delete(key);
    return 0;
  }

  /** Records a publish (0 closes) and tells listeners when it changed anything. */
  set(key: string, until: number): void {
    const previous = this.openKeys.get(key) ?? 0;
    if (until > 0) this.openKeys.set(key, until);
    else this.openKeys.delete(key);
    if (previous !== until) this.notify(key, until);
  }

  /** Replaces the whole mirror with `entries` (a resync), telling listeners what changed. */
  replaceAll(entries: ReadonlyMap<string, number>): void {
    const now = this.now();
    for (const key of [...this.openKeys.keys()]) {
      if ((entries.get(key) ?? 0) <= now) this.set(key, 0);
    }
    for (const [key, until] of entries) {
      if (until > now) this.set(key, until);
    }
  }

  /** Keys with an open time still in the future, and that time. */
  entries(): Map<string, number> {
    const now = this.now();
    return new Map([...this.openKeys].filter(([, until]) => until > now));
  }

  onChange(listener: BreakerListener): Unsubscribe {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  private notify(key: string, until: number): void {
    for (const listener of this.listeners) {
      try {
        listener(key, until);
      } catch {
        // A listener's bug must not stop the others or the publish that called it.
      }
    }
  }
}
