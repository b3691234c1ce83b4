/**
 * A configured connection at run time: its adapter, its pooled HTTP client, its breakers
 * (one for the box, one per model), its concurrency limit and its last known health.
 */
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { ConnectionConfig } from '../../config/schema.js';
import type { Adapter } from '../../core/adapter.js';
import { createAdapter } from '../../providers/index.js';
import { CircuitBreaker, type BreakerState } from './circuit-breaker.js';
import { ConcurrencyLimiter } from './concurrency-limiter.js';
import type { LoadSnapshot } from './load/load-snapshot.js';

export interface HealthState {
  up: boolean | undefined;
  lastError: string | null;
  lastCheck: string | null;
}

/** What a connection reports as it learns about its upstream; the gateway turns it into metrics and log lines. */
export interface ConnectionObserver {
  /** A request failed on a pooled socket the upstream had closed, and was sent again on a fresh one. */
  staleSocketRetried(connection: Connection): void;
  /** A breaker opened or closed; `model` is undefined for the connection's own breaker. */
  breakerChanged(connection: Connection, model: string | undefined, state: BreakerState): void;
  /** The upstream was seen closing its socket after a streamed answer (llama-server does). */
  closesAfterStreams(connection: Connection): void;
}

const silentObserver: ConnectionObserver = { staleSocketRetried() {}, breakerChanged() {}, closesAfterStreams() {} };

/**
 * Breaker state shared with other replicas (the state store): what one replica saw
 * failing, all skip. Read synchronously from a local mirror, never a round trip.
 */
export interface SharedBreakers {
  openUntil(key: string): number;
  publish(key: string, openUntilMs: number): void;
}

const localOnly: SharedBreakers = { openUntil: () => 0, publish() {} };

/**
 * Idle pooled sockets are closed before the upstream's own keep-alive timeout (5 s in
 * uvicorn, which vLLM runs on, and in llama-server), so the gateway never picks a socket
 * the upstream is closing at that moment.
 */
const idleSocketMs = 4_000;

export class Connection {
  readonly name: string;
  readonly adapter: Adapter;
  /** The base URL as configured. */
  readonly url: URL;
  /** The base URL's path without a trailing slash ("" for a server root, "/v1" for vLLM). */
  readonly basePath: string;
  /** Opens on failures of the box itself: refused, reset, no answer before `timeout_ms`. */
  readonly breaker: CircuitBreaker;
  readonly limiter: ConcurrencyLimiter;
  /** Keep-alive pool to the upstream, shared by translated requests and passthrough. */
  readonly agent: HttpAgent;
  /** Headers sent with every upstream request: the configured ones and the API key. */
  readonly upstreamHeaders: Record<string, string>;
  readonly health: HealthState = { up: undefined, lastError: null, lastCheck: null };
  /** Set once the upstream is seen closing its socket after streams: streams then get a socket of their own. */
  closesAfterStreams = false;
  observer: ConnectionObserver = silentObserver;
  sharedBreakers: SharedBreakers = localOnly;
  /** The upstream's latest load signals, from the gateway's load monitor; undefined while unknown. */
  loadSnapshot: () => LoadSnapshot | undefined = () => undefined;
  /** Until when (epoch ms) the upstream asked, with 429/503 and Retry-After, to be left alone. */
  private busyUntil = 0;
  /** Open on error or garbage answers for one model; the box's other models stay available. */
  private readonly modelBreakers = new Map<string, CircuitBreaker>();

  constructor(readonly config: ConnectionConfig) {
    this.name = config.name;
    this.adapter = createAdapter(config);
    this.url = new URL(config.base_url);
    this.basePath = this.url.pathname.replace(/\/+$/, '');
    this.breaker = this.createBreaker(undefined);
    this.limiter = new ConcurrencyLimiter(config.max_concurrency, config.max_queue, config.queue_timeout_ms, config.name);
    const agentOptions = { keepAlive: true, keepAliveMsecs: 10_000, scheduling: 'lifo' as const, timeout: idleSocketMs };
    this.agent = this.url.protocol === 'https:' ? new HttpsAgent(agentOptions) : new HttpAgent(agentOptions);
    this.upstreamHeaders = { ...config.headers };
    if (config.api_key) this.upstreamHeaders.authorization = `Bearer ${config.api_key}`;
  }

  /** The breaker of one upstream model on this connection, made on first use. */
  breakerFor(upstreamModel: string): CircuitBreaker {
    let breaker = this.modelBreakers.get(upstreamModel);
    if (!breaker) {
      breaker = this.createBreaker(upstreamModel);
      this.modelBreakers.set(upstreamModel, breaker);
    }
    return breaker;
  }

  /** The models whose breaker is not closed, with their state. */
  modelBreakerStates(): Array<{ model: string; state: BreakerState }> {
    return [...this.modelBreakers].map(([model, breaker]) => ({ model, state: breaker.state })).filter(({ state }) => state !== 'closed');
  }

  /** Whether routing may send a request here now (not marked down, breaker not open here or on another replica). */
  get available(): boolean {
    return this.health.up !== false && this.breaker.state !== 'open' && !this.openElsewhere(undefined);
  }

  /** Whether a request for `upstreamModel` may go here now. */
  availableFor(upstreamModel: string): boolean {
    return this.available && this.modelBreakers.get(upstreamModel)?.state !== 'open' && !this.openElsewhere(upstreamModel);
  }

  /** The key of a breaker in the shared state: the connection, or a model on it. */
  breakerKey(upstreamModel: string | undefined): string {
    return upstreamModel === undefined ? this.name : `${this.name}/${upstreamModel}`;
  }

  private openElsewhere(upstreamModel: string | undefined): boolean {
    return this.sharedBreakers.openUntil(this.breakerKey(upstreamModel)) > Date.now();
  }

  /** Whether the upstream asked to be left alone (429/503 with Retry-After) and that time has not passed. */
  get busy(): boolean {
    return Date.now() < this.busyUntil;
  }

  markBusy(seconds: number): void {
    this.busyUntil = Math.max(this.busyUntil, Date.now() + seconds * 1000);
  }

  /** Requests in flight here plus what the upstream reports waiting; null while the upstream's load is unknown. */
  get load(): number | null {
    const snapshot = this.loadSnapshot();
    return snapshot === undefined ? null : this.limiter.inUse + (snapshot.waiting ?? 0);
  }

  /** The models the upstream holds in memory (Ollama `/api/ps`), when it says. */
  get loadedModels(): Array<{ name: string; expiresAt?: string }> | null {
    const loaded = this.loadSnapshot()?.loadedModels;
    return loaded ? loaded.map(({ model, expiresAt }) => ({ name: model, ...(expiresAt === undefined ? {} : { expiresAt }) })) : null;
  }

  /** A health check that passes ends the box's cool-down at once. */
  markRecovered(): void {
    this.breaker.reset();
  }

  close(): void {
    this.agent.destroy();
  }

  private createBreaker(model: string | undefined): CircuitBreaker {
    const breaker: CircuitBreaker = new CircuitBreaker(this.config.failure_threshold, this.config.cooldown_ms, Date.now, (state) => {
      this.observer.breakerChanged(this, model, state);
      this.sharedBreakers.publish(this.breakerKey(model), breaker.openUntilMs);
    });
    return breaker;
  }
}
