/**
 * One opened state store shared by every gateway built on the same `state:` settings, so
 * a reload keeps rate-limit counters, breaker state and stored responses. Each gateway
 * gets a loan: the store under another `close()`, which unsubscribes that gateway's
 * listeners and gives the store back. The last gateway to give it back closes it; a
 * gateway still draining after a reload therefore keeps its store until its streams end.
 */
import type { StateConfig } from '../../config/state-schema.js';
import { createStateStore, type StateStoreContext } from '../state/create-state-store.js';
import type { BreakerListener, RateDecision, StateStore, StateStoreKind, Unsubscribe, UpListener } from '../state/state-store.js';

export class SharedStateStore {
  private borrowers = 0;

  private constructor(
    readonly config: StateConfig,
    private readonly store: StateStore,
  ) {}

  static async open(config: StateConfig, context: StateStoreContext): Promise<SharedStateStore> {
    return new SharedStateStore(config, await createStateStore(config, context));
  }

  /** Whether `config` names this very store (same kind, file or server, key prefix). */
  serves(config: StateConfig): boolean {
    return JSON.stringify(config) === JSON.stringify(this.config);
  }

  lend(): StateStore {
    this.borrowers += 1;
    return new StateStoreLoan(this.store, async () => {
      this.borrowers -= 1;
      if (this.borrowers === 0) await this.store.close();
    });
  }
}

/** The store as one gateway sees it: everything passes through but `close()`. */
class StateStoreLoan implements StateStore {
  private readonly subscriptions = new Set<Unsubscribe>();
  private returned = false;

  constructor(
    private readonly store: StateStore,
    private readonly giveBack: () => Promise<void>,
  ) {}

  get kind(): StateStoreKind {
    return this.store.kind;
  }

  get up(): boolean {
    return this.store.up;
  }

  onUpChange(listener: UpListener): Unsubscribe {
    return this.keep(this.store.onUpChange(listener));
  }

  onBreakerChange(listener: BreakerListener): Unsubscribe {
    return this.keep(this.store.onBreakerChange(listener));
  }

  consume(key: string, limitPerMinute: number): Promise<RateDecision> {
    return this.store.consume(key, limitPerMinute);
  }

  publishOpen(key: string, untilEpochMs: number): Promise<void> {
    return this.store.publishOpen(key, untilEpochMs);
  }

  publishClosed(key: string): Promise<void> {
    return this.store.publishClosed(key);
  }

  openUntil(key: string): number {
    return this.store.openUntil(key);
  }

  putRecord(namespace: string, id: string, value: unknown, ttlSeconds?: number): Promise<void> {
    return this.store.putRecord(namespace, id, value, ttlSeconds);
  }

  getRecord(namespace: string, id: string): Promise<unknown> {
    return this.store.getRecord(namespace, id);
  }

  deleteRecord(namespace: string, id: string): Promise<boolean> {
    return this.store.deleteRecord(namespace, id);
  }

  async close(): Promise<void> {
    if (this.returned) return;
    this.returned = true;
    for (const unsubscribe of this.subscriptions) unsubscribe();
    this.subscriptions.clear();
    await this.giveBack();
  }

  /** A listener of a retired gateway must not keep writing into its metrics. */
  private keep(unsubscribe: Unsubscribe): Unsubscribe {
    this.subscriptions.add(unsubscribe);
    return () => {
      this.subscriptions.delete(unsubscribe);
      unsubscribe();
    };
  }
}
