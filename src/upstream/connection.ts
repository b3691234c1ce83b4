/**
 * A configured connection at run time: its adapter, its pooled HTTP client, its breaker,
 * its concurrency limit and its last known health.
 */
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { ConnectionConfig } from '../../config/schema.js';
import type { Adapter } from '../../core/adapter.js';
import { createAdapter } from '../../providers/index.js';
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
  /** The base URL as configured. */
  readonly url: URL;
  /** The base URL's path without a trailing slash ("" for a server root, "/v1" for vLLM). */
  readonly basePath: string;
  readonly breaker: CircuitBreaker;
  readonly limiter: ConcurrencyLimiter;
  /** Keep-alive pool to the upstream, shared by translated requests and passthrough. */
  readonly agent: HttpAgent;
  /** Headers sent with every upstream request: the configured ones and the API key. */
  readonly upstreamHeaders: Record<string, string>;
  readonly health: HealthState = { up: undefined, lastError: null, lastCheck: null };

  constructor(readonly config: ConnectionConfig) {
    this.name = config.name;
    this.adapter = createAdapter(config);
    this.url = new URL(config.base_url);
    this.basePath = this.url.pathname.replace(/\/+$/, '');
    this.breaker = new CircuitBreaker(config.failure_threshold, config.cooldown_ms);
    this.limiter = new ConcurrencyLimiter(config.max_concurrency, config.max_queue, config.queue_timeout_ms, config.name);
    const agentOptions = { keepAlive: true, keepAliveMsecs: 10_000, scheduling: 'lifo' as const };
    this.agent = this.url.protocol === 'https:' ? new HttpsAgent(agentOptions) : new HttpAgent(agentOptions);
    this.upstreamHeaders = { ...config.headers };
    if (config.api_key) this.upstreamHeaders.authorization = `Bearer ${config.api_key}`;
  }

  /** Whether routing may send a request here now (not marked down, breaker not open). */
  get available(): boolean {
    return this.health.up !== false && this.breaker.state !== 'open';
  }

  close(): void {
    this.agent.destroy();
  }
}
