/**
 * The fleet benchmark: the same mixed workload over the stand-in fleet, once with
 * `routing.strategy: round_robin` and once with `least_busy`, each on a fresh fleet (every
 * box back to its starting models and counters) and a fresh gateway. Reports latency,
 * the cold loads the boxes counted and the requests each box served.
 */
import { join } from 'node:path';
import type { ExtraTable, ScenarioOutcome } from '../bench-context.js';
import { freePort, startChild, stopChild } from '../child-process.js';
import type { CpuLayout } from '../cpu-layout.js';
import { startGateway } from '../gateway-process.js';
import { fleetGatewayConfig, type FleetBoxAddress, type FleetStrategy } from './fleet-gateway-config.js';
import { fleetRow, renderFleetMarkdown, renderFleetText, type BoxCounts, type FleetRow } from './fleet-report.js';
import { fleetBoxes, fleetModels, fleetWorkload } from './fleet-spec.js';
import { planFleetRequests } from './plan-fleet-requests.js';
import { runFleetWorkload } from './run-fleet-workload.js';

export interface FleetStart {
  quick: boolean;
  /** The compiled bench directory (dist/bench). */
  benchDir: string;
  resultsDir: string;
  gatewayEntry: string;
  layout: CpuLayout;
  timeoutMs: number;
}

const strategies: readonly FleetStrategy[] = ['round_robin', 'least_busy'];

/** Long enough for the gateway's first background round (health, `/api/ps`) to have answered. */
const settleMs = 700;

async function readBoxCounts(address: FleetBoxAddress): Promise<BoxCounts> {
  const response = await fetch(`http://127.0.0.1:${address.port}/bench/stats`, { signal: AbortSignal.timeout(5000) });
  const stats = (await response.json()) as Partial<BoxCounts>;
  return { name: address.spec.name, requests: stats.requests ?? NaN, coldLoads: stats.coldLoads ?? NaN, evictions: stats.evictions ?? NaN };
}

/** `switchyard_routing_decisions_total` by reason, or a note that this gateway does not export it. */
async function readRoutingDecisions(origin: string): Promise<string> {
  const response = await fetch(`${origin}/metrics`, { signal: AbortSignal.timeout(5000) }).catch(() => undefined);
  const text = response ? await response.text() : '';
  const counts = new Map<string, number>();
  for (const match of text.matchAll(/^switchyard_routing_decisions_total\{[^}]*reason="([^"]+)"[^}]*\} (\S+)$/gm)) {
    counts.set(match[1] ?? '', (counts.get(match[1] ?? '') ?? 0) + Number(match[2]));
  }
  if (counts.size === 0) return 'no switchyard_routing_decisions_total in /metrics';
  return `routing decisions: ${[...counts].map(([reason, count]) => `${reason} ${count}`).join(', ')}`;
}

async function measureStrategy(start: FleetStart, strategy: FleetStrategy, plan: readonly string[]): Promise<{ row?: FleetRow; note: string }> {
  const workload = fleetWorkload(start.quick);
  const ports = await Promise.all(fleetBoxes.map(() => freePort()));
  const addresses = fleetBoxes.map((spec, index): FleetBoxAddress => ({ spec, port: ports[index] ?? 0 }));
  const fleet = await startChild({
    name: 'stand-in fleet',
    nodeArgs: [join(start.benchDir, 'fleet', 'stand-in-fleet.js'), String(workload.tokens), ...ports.map(String)],
    cores: start.layout.loadCores,
    ready: { kind: 'line' },
    timeoutMs: 10_000,
  });
  try {
    const gateway = await startGateway({
      entry: start.gatewayEntry,
      resultsDir: start.resultsDir,
      cores: start.layout.serverCores,
      nodeFlags: [],
      name: `fleet-${strategy}`,
      configFor: (port) => fleetGatewayConfig(addresses, fleetModels, strategy, port),
    });
    if (!gateway) return { note: `fleet ${strategy}: gateway not built` };
    try {
      await new Promise((done) => setTimeout(done, settleMs));
      const origin = `http://127.0.0.1:${gateway.port}`;
      const run = await runFleetWorkload(origin, plan, { clients: workload.clients, tokens: workload.tokens, timeLimitMs: workload.timeLimitMs, timeoutMs: start.timeoutMs });
      const boxes = await Promise.all(addresses.map(readBoxCounts));
      const row = fleetRow(strategy, run, boxes);
      const failure = run.firstError === undefined ? '' : `; first failure: ${run.firstError.slice(0, 200)}`;
      return { row, note: `fleet ${strategy}: ${await readRoutingDecisions(origin)}; evictions ${boxes.map((box) => `${box.name} ${box.evictions}`).join(', ')}${failure}` };
    } finally {
      await stopChild(gateway);
    }
  } finally {
    await stopChild(fleet);
  }
}

export async function measureFleet(start: FleetStart): Promise<ScenarioOutcome> {
  const workload = fleetWorkload(start.quick);
  const plan = planFleetRequests(fleetModels, workload);
  const rows: FleetRow[] = [];
  const notes: string[] = [];
  for (const strategy of strategies) {
    process.stderr.write(`  fleet: ${strategy}\n`);
    const measured = await measureStrategy(start, strategy, plan);
    if (measured.row) rows.push(measured.row);
    notes.push(measured.note);
  }
  const errors = rows.filter((row) => row.errors > 0).map((row) => `fleet ${row.strategy}: ${row.errors} of ${row.planned} requests failed`);
  const shape = `${workload.requests} requests over ${fleetModels.length} models (Zipf s=${workload.skew}), ${workload.clients} clients, ${workload.tokens}-token streams, ${fleetBoxes.length} boxes`;
  const table: ExtraTable = { title: `fleet: ${shape}`, text: renderFleetText(rows), markdown: renderFleetMarkdown(rows) };
  return { id: 'fleet', rows: [], raw: rows, errors, notes, tables: rows.length > 0 ? [table] : [] };
}
