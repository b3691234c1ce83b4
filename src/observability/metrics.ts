/**
 * The Prometheus metrics of the contract. Label values come from configuration only (route
 * patterns, configured or discovered model ids, connection names), never from raw client
 * input, so no client can create unbounded series.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { UpstreamFailureReason } from '../../core/gateway-error.js';

/** Every `reason` of `switchyard_upstream_errors_total`, as the contract lists them. */
export const upstreamFailureReasons = ['refused', 'timeout', 'http_4xx', 'http_5xx', 'bad_response', 'disconnected'] as const satisfies readonly UpstreamFailureReason[];

/**
 * prom-client's gauges named like counters, which `promtool check metrics` rejects ("non-counter
 * metrics should not have _total suffix", prometheus/client_js#283). Each is the sum of the
 * per-type gauge kept beside it: `sum without (type) (nodejs_active_handles)`.
 */
const lintFailingDefaultMetrics = ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'];

// From 5 ms (a cached answer) to 5 min (a cold load of a large model).
const latencyBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

let processMetrics: Registry | undefined;

/**
 * prom-client's process metrics, collected once per process: every configuration a
 * reload builds gets gateway metrics of its own, but the event-loop and GC observers
 * must not be installed again each time.
 */
function processRegistry(): Registry {
  if (processMetrics) return processMetrics;
  processMetrics = new Registry();
  collectDefaultMetrics({ register: processMetrics });
  for (const name of lintFailingDefaultMetrics) processMetrics.removeSingleMetric(name);
  return processMetrics;
}

export class GatewayMetrics {
  readonly registry = new Registry();
  private readonly process = processRegistry();

  /** The Prometheus text of a scrape: this gateway's metrics and the process's. */
  async exposition(): Promise<string> {
    return `${await this.process.metrics()}\n${await this.registry.metrics()}`;
  }

  readonly requests = new Counter({
    name: 'switchyard_requests_total',
    help: 'Requests answered, by route pattern, public model, connection and HTTP status.',
    labelNames: ['route', 'model', 'connection', 'status'] as const,
    registers: [this.registry],
  });

  readonly requestDuration = new Histogram({
    name: 'switchyard_request_duration_seconds',
    help: 'Time from receiving a request to the end of its response.',
    labelNames: ['route', 'model', 'connection'] as const,
    buckets: latencyBuckets,
    registers: [this.registry],
  });

  readonly timeToFirstToken = new Histogram({
    name: 'switchyard_time_to_first_token_seconds',
    help: 'Time from receiving a request to writing the first content byte to the client.',
    labelNames: ['model', 'connection'] as const,
    buckets: latencyBuckets,
    registers: [this.registry],
  });

  readonly tokens = new Counter({
    name: 'switchyard_tokens_total',
    help: 'Tokens reported by upstreams, by kind (prompt or completion).',
    labelNames: ['model', 'connection', 'kind'] as const,
    registers: [this.registry],
  });

  readonly upstreamErrors = new Counter({
    name: 'switchyard_upstream_errors_total',
    help: 'Upstream failures, by connection and reason.',
    labelNames: ['connection', 'reason'] as const,
    registers: [this.registry],
  });

  readonly inflight = new Gauge({
    name: 'switchyard_inflight_requests',
    help: 'Requests currently being served by a connection.',
    labelNames: ['connection'] as const,
    registers: [this.registry],
  });

  readonly connectionUp = new Gauge({
    name: 'switchyard_connection_up',
    help: '1 while the connection answers its health check, else 0.',
    labelNames: ['connection'] as const,
    registers: [this.registry],
  });

  readonly routingDecisions = new Counter({
    name: 'switchyard_routing_decisions_total',
    help: 'Attempts sent to a connection, by public model, connection and the reason routing chose it.',
    labelNames: ['model', 'connection', 'reason'] as const,
    registers: [this.registry],
  });

  readonly toolChoiceMisses = new Counter({
    name: 'switchyard_tool_choice_misses_total',
    help: 'Answers where tool_choice asked for a tool call and the model gave none (the answer went back as it was).',
    labelNames: ['model', 'connection'] as const,
    registers: [this.registry],
  });

  readonly upstreamRetries = new Counter({
    name: 'switchyard_upstream_retries_total',
    help: 'Requests sent to the same connection again, by reason (stale_socket: the upstream had closed the pooled socket).',
    labelNames: ['connection', 'reason'] as const,
    registers: [this.registry],
  });

  readonly breakerTransitions = new Counter({
    name: 'switchyard_breaker_transitions_total',
    help: 'Circuit breakers opening and closing, by connection and scope (the connection, or one model on it).',
    labelNames: ['connection', 'scope', 'state'] as const,
    registers: [this.registry],
  });

  readonly earlyRefusals = new Counter({
    name: 'switchyard_early_refusals_total',
    help: 'Requests refused at the edge before their body was read, by reason.',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  readonly stateStoreUp = new Gauge({
    name: 'switchyard_state_store_up',
    help: '1 while the state store (state.store) answers; 0 while the gateway serves on local state without it.',
    registers: [this.registry],
  });

  constructor(connectionNames: readonly string[]) {
    // Known series start at zero so dashboards and rate() see them before the first event
    // (a counter that appears at 1 hides its first increment from rate() and increase()).
    for (const connection of connectionNames) {
      this.inflight.set({ connection }, 0);
      this.connectionUp.set({ connection }, 0);
      for (const reason of upstreamFailureReasons) this.upstreamErrors.inc({ connection, reason }, 0);
      this.upstreamRetries.inc({ connection, reason: 'stale_socket' }, 0);
    }
  }

  countUpstreamError(connection: string, reason: UpstreamFailureReason): void {
    this.upstreamErrors.inc({ connection, reason });
  }
}
