/**
 * A configured connection at run time: its adapter, its pooled HTTP client, its breaker,
 * its concurrency limit and its last known health.
 */
import { Agent } from 'undici';
import type { ConnectionConfig } from '../config/schema.js';
import type { Adapter } from '../providers/adapter.js';
import { createAdapter } from '../providers/index.js';
import { CircuitBreaker } from './circuit-breaker.js';
import { ConcurrencyLimiter } from './concurrency-limiter.js';

export interface HealthState {
  up: boolean | undefined;
  lastError: string | null;
  lastCheck: string | null;
}

export class Connection {
  readonly name: string;
  readonly adapter: Adapter;
  readonly origin: string;
  /** The base URL's path without a trailing slash ("" for a server root, "/v1" for vLLM). */
  readonly basePath: string;
  readonly breaker: CircuitBreaker;
  readonly limiter: ConcurrencyLimiter;
  readonly dispatcher: Agent;
  /** Headers sent with every upstream request: the configured ones and the API key. */
  readonly upstreamHeaders: Record<string, string>;
  readonly health: HealthState = { up: undefined, lastError: null, lastCheck: null };

  constructor(readonly config: ConnectionConfig) {
    this.name = config.name;
    this.adapter = createAdapter(config);
    const url = new URL(config.base_url);
    this.origin = url.origin;
    this.basePath = url.pathname.replace(/\/+$/, '');
    this.breaker = new CircuitBreaker(config.failure_threshold, config.cooldown_ms);
    this.limiter = new ConcurrencyLimiter(config.max_concurrency, config.max_queue, config.queue_timeout_ms, config.name);
    this.dispatcher = new Agent({ keepAliveTimeout: 10_000, connections: 256, pipelining: 1 });
    this.upstreamHeaders = { ...config.headers };
    if (config.api_key) this.upstreamHeaders.authorization = `Bearer ${config.api_key}`;
  }

  /** Whether routing may send a request here now (not marked down, breaker not open). */
  get available(): boolean {
    return this.health.up !== false && this.breaker.state !== 'open';
  }

  url(path: string): string {
    return `${this.origin}${this.basePath}${path}`;
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }
}
