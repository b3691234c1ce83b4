/**
 * Non-stream latency: open-loop p50/p99 at a fixed rate, and sequential 1 MB prompts. The
 * bar: passthrough p50 at most 1.15× the stack floor's, in the same rounds.
 */
import { Client } from 'undici';
import { probeTargets, roundPlan, type BenchContext, type ScenarioOutcome } from './bench-context.js';
import { exchange, type RequestSpec } from './http-exchange.js';
import { runOpenLoop, type OpenLoopResult } from './load-open-loop.js';
import { roundErrors } from './measure-throughput.js';
import { runRounds } from './run-rounds.js';
import { chatRequest, largePrompt, type Mode, type Target } from './scenarios.js';
import { median } from './statistics.js';
import { addedOver, barAtMost, describeAdded, info, ratioRow } from './summaries.js';

/**
 * The open-loop rate: --rate when given, else half the slowest target's closed-loop
 * throughput for this mode in this run (at most 1000 req/s), so that every target can keep
 * up and p50 shows the time a request takes, not a queue that grows for the whole window.
 */
function openLoopRate(context: BenchContext, mode: Mode): number {
  if (context.options.openRatePerSecond !== undefined) return context.options.openRatePerSecond;
  const slowest = context.reference.throughput[mode];
  if (slowest === undefined || !Number.isFinite(slowest)) return 500;
  return Math.max(50, Math.min(1000, Math.round(slowest / 2 / 50) * 50));
}

export async function measureLatency(context: BenchContext, mode: Mode, label: string): Promise<ScenarioOutcome> {
  const { options } = context;
  const id = `${mode}-latency`;
  const specFor = (target: Target): RequestSpec => chatRequest(mode, target, { stream: false });
  const { working, errors } = await probeTargets(context.targets, specFor, id);
  const ratePerSecond = openLoopRate(context, mode);
  const run = await runRounds<OpenLoopResult>(id, working, roundPlan(options), context.upstreamPid, (target) =>
    runOpenLoop(target.origin, specFor(target.name), {
      ratePerSecond,
      durationMs: options.openDurationMs,
      warmupMs: options.openWarmupMs,
      maxConnections: 256,
      timeoutMs: options.timeoutMs,
    }),
  );
  const { rounds } = run;
  const section = `latency @ ${ratePerSecond} req/s`;
  const p50 = ratioRow(rounds, (m) => m.value.latency.p50, { section, metric: `${label} p50`, unit: 'ms' });
  const p99 = ratioRow(rounds, (m) => m.value.latency.p99, { section, metric: `${label} p99`, unit: 'ms' });
  const added50 = describeAdded(addedOver(rounds, (m) => m.value.latency.p50));
  const added99 = describeAdded(addedOver(rounds, (m) => m.value.latency.p99));
  p50.bar = mode === 'passthrough' ? barAtMost(p50.gatewayVsFloor, 1.15, `${added50}; gw÷floor`) : info(`${added50}; gw÷floor`, p50.gatewayVsFloor);
  p99.bar = info(`${added99}; gw÷floor`, p99.gatewayVsFloor);
  const rows = [p50, p99];
  if (working.some((target) => target.name === 'gateway-info')) {
    rows.push(ratioRow(rounds, (m) => m.value.latency.p50, { section, metric: `${label} p50, gateway logging each request`, unit: 'ms' }, 'gateway-info'));
  }
  errors.push(...roundErrors(id, rounds));
  const lag = median(rounds.flatMap((round) => Object.values(round.results).map((m) => m?.value.sendLag.p50 ?? NaN)));
  const completion = rounds.flatMap((round) => Object.entries(round.results).map(([name, m]) => `${name} ${m?.value.completed}/${m?.value.scheduled}`));
  return { id, rows, raw: run.all, rounds: { run: run.all.length, disturbed: run.disturbed }, errors, notes: [run.note, `${id}: generator send lag p50 ${lag.toFixed(3)} ms (same for all targets); round 1 completed: ${completion.slice(0, working.length).join(', ')}`] };
}

/** Sequential requests with a 1 MB prompt; the first one (connection setup) is not counted. */
export async function measureLargePrompt(context: BenchContext, mode: Mode, label: string): Promise<ScenarioOutcome> {
  const { options } = context;
  const id = `${mode}-large-prompt`;
  const prompt = largePrompt(options.largePromptBytes);
  const specs = new Map(context.targets.map((target) => [target.name, chatRequest(mode, target.name, { stream: false, prompt })]));
  const specFor = (target: Target): RequestSpec => specs.get(target) ?? chatRequest(mode, target, { stream: false, prompt });
  const { working, errors } = await probeTargets(context.targets, specFor, id);
  const run = await runRounds(id, working, roundPlan(options), context.upstreamPid, async (target) => {
    const client = new Client(target.origin, { headersTimeout: options.timeoutMs, bodyTimeout: options.timeoutMs });
    const latencies: number[] = [];
    let failures = 0;
    for (let index = 0; index <= options.largePromptRequests; index += 1) {
      const startedAt = performance.now();
      const result = await exchange(client, specFor(target.name), { signal: AbortSignal.timeout(options.timeoutMs) });
      if (result.status !== 200) failures += 1;
      else if (index > 0) latencies.push(performance.now() - startedAt);
    }
    await client.destroy();
    return { p50: median(latencies), errors: failures };
  });
  const { rounds } = run;
  const row = ratioRow(rounds, (m) => m.value.p50, { section: '1 MB prompt', metric: `${label}, 1 connection, p50`, unit: 'ms' });
  const added = addedOver(rounds, (m) => m.value.p50);
  row.bar = info(`${describeAdded(added, 2)}; gw adds over floor`, added.gatewayOverFloor);
  return { id, rows: [row], raw: run.all, rounds: { run: run.all.length, disturbed: run.disturbed }, errors, notes: [run.note] };
}

