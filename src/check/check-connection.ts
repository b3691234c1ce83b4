/**
 * Tries one configured connection the way the gateway will use it: its health call
 * (reachable), its model discovery (models listed, and whether the aliases' models are
 * among them), and its load signals (readable, else routing treats its load as unknown).
 * Each call is bounded by `health_checks.timeout_ms` and goes through the same sender,
 * adapter and load poller as a running gateway's.
 */
import type { AliasConfig, ConnectionConfig } from '../../config/schema.js';
import { isGatewayError } from '../../core/gateway-error.js';
import { Connection } from '../upstream/connection.js';
import { fetchUpstreamJson } from '../upstream/fetch-upstream-json.js';
import { LoadMonitor } from '../upstream/load/load-monitor.js';

/** `fail` makes the check exit non-zero; `warn` is reported only. */
export type CheckOutcome = 'ok' | 'warn' | 'fail' | 'skip';

export interface CheckResult {
  check: 'reachable' | 'models' | 'aliases' | 'load signals';
  outcome: CheckOutcome;
  detail: string;
}

export interface ConnectionCheck {
  name: string;
  mode: ConnectionConfig['mode'];
  baseUrl: string;
  results: CheckResult[];
}

/** How many model ids the report names before it says "…". */
const namedModels = 3;

/** The failure as the gateway would log it, with the limit a timeout ran into. */
function describeFailure(error: unknown, timeoutMs: number): string {
  const message = error instanceof Error ? error.message : String(error);
  return isGatewayError(error) && error.upstreamReason === 'timeout' ? `${message} (health_checks.timeout_ms: ${timeoutMs})` : message;
}

async function checkReachable(connection: Connection, timeoutMs: number): Promise<CheckResult> {
  const { health } = connection.adapter;
  const started = performance.now();
  try {
    await fetchUpstreamJson(connection, health, timeoutMs);
    const ms = Math.round(performance.now() - started);
    return { check: 'reachable', outcome: 'ok', detail: `${health.method} ${connection.basePath}${health.path} answered in ${ms} ms` };
  } catch (error) {
    return { check: 'reachable', outcome: 'fail', detail: describeFailure(error, timeoutMs) };
  }
}

/** The models check, and every id a request may name on this connection (undefined when discovery failed). */
async function checkModels(connection: Connection, timeoutMs: number): Promise<{ result: CheckResult; ids: Set<string> | undefined }> {
  const { config, adapter } = connection;
  if (config.models.length > 0) {
    // A fixed list is what the gateway serves; it never asks the upstream for one.
    const result: CheckResult = { check: 'models', outcome: 'ok', detail: `${config.models.length} configured in connections[].models (not discovered)` };
    return { result, ids: new Set(config.models) };
  }
  try {
    const models = adapter.models.parse(await fetchUpstreamJson(connection, adapter.models.call, timeoutMs));
    if (models.length === 0) return { result: { check: 'models', outcome: 'fail', detail: 'the upstream lists no models' }, ids: new Set() };
    const names = models.slice(0, namedModels).map((model) => model.id);
    const more = models.length > namedModels ? ', …' : '';
    const result: CheckResult = { check: 'models', outcome: 'ok', detail: `${models.length} listed: ${names.join(', ')}${more}` };
    return { result, ids: new Set(models.flatMap((model) => [model.id, ...(model.aliases ?? [])])) };
  } catch (error) {
    return { result: { check: 'models', outcome: 'fail', detail: describeFailure(error, timeoutMs) }, ids: undefined };
  }
}

/** Whether the aliases served here name models the connection has; undefined when no alias uses it. */
function checkAliases(aliases: readonly AliasConfig[], ids: Set<string> | undefined): CheckResult | undefined {
  if (aliases.length === 0) return undefined;
  if (ids === undefined) return { check: 'aliases', outcome: 'skip', detail: 'no model list to compare with' };
  const missing = aliases.filter((alias) => !ids.has(alias.model));
  if (missing.length === 0) return { check: 'aliases', outcome: 'ok', detail: `${aliases.length} found: ${aliases.map((alias) => alias.name).join(', ')}` };
  const named = missing.map((alias) => `'${alias.name}' asks for '${alias.model}'`).join(', ');
  return { check: 'aliases', outcome: 'warn', detail: `not listed by the upstream: ${named}` };
}

async function checkLoadSignals(connection: Connection, timeoutMs: number): Promise<CheckResult> {
  if (connection.config.load_metrics === 'none') return { check: 'load signals', outcome: 'skip', detail: 'load_metrics: none' };
  const monitor = new LoadMonitor([connection], { interval_ms: timeoutMs, timeout_ms: timeoutMs }, { debug: () => undefined });
  await monitor.pollAll();
  const snapshot = monitor.snapshot(connection.name);
  if (snapshot) return { check: 'load signals', outcome: 'ok', detail: `read from ${snapshot.sources.join(' and ')}` };
  return { check: 'load signals', outcome: 'warn', detail: "none readable; routing treats this connection's load as unknown" };
}

/** The base URL without user or password, which a report must not print. */
function describeUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
}

export async function checkConnection(config: ConnectionConfig, aliases: readonly AliasConfig[], timeoutMs: number): Promise<ConnectionCheck> {
  const connection = new Connection(config);
  const served = aliases.filter((alias) => alias.connection === config.name);
  const results: CheckResult[] = [];
  try {
    const reachable = await checkReachable(connection, timeoutMs);
    results.push(reachable);
    if (reachable.outcome === 'fail') {
      for (const check of ['models', 'load signals'] as const) results.push({ check, outcome: 'skip', detail: 'not reachable' });
    } else {
      const { result, ids } = await checkModels(connection, timeoutMs);
      results.push(result);
      const aliasResult = checkAliases(served, ids);
      if (aliasResult) results.push(aliasResult);
      results.push(await checkLoadSignals(connection, timeoutMs));
    }
  } finally {
    connection.close();
  }
  return { name: config.name, mode: config.mode, baseUrl: describeUrl(connection.url), results };
}
