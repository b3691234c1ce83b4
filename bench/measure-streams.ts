/**
 * Streaming scenarios: time to first token and total time of 200-chunk streams, with 0 ms
 * and 5 ms between chunks, at 1 and 64 concurrent streams, through passthrough and Ollama
 * translation; at 64 streams also the server CPU per chunk.
 */
import { probeTargets, roundPlan, withoutInfoGateway, type BenchContext, type ScenarioOutcome } from './bench-context.js';
import type { StreamShape } from './bench-models.js';
import { runRounds, type RoundResult, type TargetInfo } from './run-rounds.js';
import { chatRequest, streamEndMarker, type Mode, type Target } from './scenarios.js';
import { firstTokenMarker } from './stand-in-bodies.js';
import { runStreams, type StreamResult } from './stream-timing.js';
import { addedOver, barAtMost, describeAdded, info, medianRatioBetween, ratioRow, type Extract, type Row } from './summaries.js';

interface StreamCase {
  mode: Mode;
  label: string;
  shape: StreamShape;
  concurrency: number;
  batches: number;
}

/** Translated streams at 64 are measured beside the gateway's own passthrough, for CPU per chunk. */
function targetsFor(context: BenchContext, streamCase: StreamCase): TargetInfo[] {
  const targets = withoutInfoGateway(context.targets);
  const gateway = targets.find((target) => target.name === 'gateway');
  if (streamCase.mode === 'passthrough' || streamCase.concurrency === 1 || !gateway) return targets;
  return [...targets, { ...gateway, name: 'gateway-passthrough' }];
}

function modeOf(target: Target, mode: Mode): Mode {
  return target === 'gateway-passthrough' ? 'passthrough' : mode;
}

/** What each case's rows are held to: see the README's bars. */
function setBars(rows: StreamRows, rounds: ReadonlyArray<RoundResult<StreamResult>>, streamCase: StreamCase): void {
  const { ttft, total, cpu } = rows;
  const paced = streamCase.shape.delayMs > 0;
  const ttftAdded = addedOver(rounds, (m) => m.value.ttftMs);
  if (streamCase.concurrency === 1) ttft.bar = barAtMost(ttftAdded.gateway, 1, 'gw adds over direct (ms)', 3);
  else if (paced) ttft.bar = barAtMost(ttft.gatewayVsFloor, 1.1, `${describeAdded(ttftAdded, 1)}; gw÷floor`);
  else ttft.bar = info(`${describeAdded(ttftAdded, 1)}; gw÷floor`, ttft.gatewayVsFloor);
  total.bar = paced ? info('gw÷direct', total.gatewayVsDirect) : info(`${describeAdded(addedOver(rounds, (m) => m.value.totalMs), 2)}; gw÷floor`, total.gatewayVsFloor);
  if (!cpu) return;
  const perChunk = cpuPerChunk(streamCase.shape);
  const translatedVsPassthrough = medianRatioBetween(rounds, perChunk, 'gateway', 'gateway-passthrough');
  const label = 'gw translated÷gw passthrough';
  if (streamCase.mode === 'passthrough') cpu.bar = info('gw÷floor', cpu.gatewayVsFloor);
  else cpu.bar = paced ? barAtMost(translatedVsPassthrough, 1.2, label) : info(label, translatedVsPassthrough);
}

interface StreamRows {
  ttft: Row;
  total: Row;
  cpu?: Row;
}

/** Server CPU per content chunk, per-stream costs included (CPU readings tick at 10 ms: many streams only). */
function cpuPerChunk(shape: StreamShape): Extract<StreamResult> {
  return (m) => (m.value.cpuMs === undefined || m.value.streams === 0 ? NaN : (m.value.cpuMs * 1000) / (m.value.streams * shape.chunks));
}

async function measureStreamCase(context: BenchContext, streamCase: StreamCase): Promise<ScenarioOutcome> {
  const { mode, shape, concurrency } = streamCase;
  const id = `${mode}-stream-${shape.chunks}x${shape.delayMs}ms-${concurrency}`;
  const specFor = (target: Target) => chatRequest(modeOf(target, mode), target, { stream: true, shape });
  const warmupFor = (target: Target) => chatRequest(modeOf(target, mode), target, { stream: false });
  const { working, errors } = await probeTargets(targetsFor(context, streamCase), specFor, id);
  const run = await runRounds<StreamResult>(id, working, roundPlan(context.options), context.upstreamPid, (target) =>
    runStreams(target.origin, specFor(target.name), {
      concurrency,
      batches: streamCase.batches,
      timeoutMs: context.options.timeoutMs,
      firstTokenMarker,
      endMarker: streamEndMarker(modeOf(target.name, mode), target.name),
      warmup: warmupFor(target.name),
      cpuPid: target.pid,
    }),
  );
  const { rounds } = run;
  const section = `streams ${shape.chunks} chunks, ${shape.delayMs} ms apart`;
  const metric = `${streamCase.label}, ${concurrency} stream${concurrency > 1 ? 's' : ''}`;
  const rows: StreamRows = {
    ttft: ratioRow(rounds, (m) => m.value.ttftMs, { section, metric: `${metric}: TTFT`, unit: 'ms' }),
    total: ratioRow(rounds, (m) => m.value.totalMs, { section, metric: `${metric}: total`, unit: 'ms' }),
    ...(concurrency > 1 ? { cpu: ratioRow(rounds, cpuPerChunk(shape), { section: 'cpu', metric: `${metric} of ${shape.chunks}×${shape.delayMs} ms: server CPU per chunk`, unit: 'µs' }) } : {}),
  };
  setBars(rows, rounds, streamCase);
  for (const round of rounds) {
    for (const [target, measured] of Object.entries(round.results)) {
      if (measured && measured.value.errors > 0) errors.push(`${id}: ${target}: ${measured.value.errors} failed streams, first: ${measured.value.firstError ?? ''}`);
    }
  }
  const shown = [rows.ttft, rows.total, ...(rows.cpu ? [rows.cpu] : [])];
  return { id, rows: shown, raw: run.all, rounds: { run: run.all.length, disturbed: run.disturbed }, errors: [...new Set(errors)].slice(0, 6), notes: [run.note] };
}

export async function measureStreams(context: BenchContext, modes: ReadonlyArray<[Mode, string]>): Promise<ScenarioOutcome[]> {
  const { options } = context;
  const outcomes: ScenarioOutcome[] = [];
  for (const shape of [options.fastStream, options.pacedStream]) {
    const paced = shape.delayMs > 0;
    const concurrencies = paced || options.manyFastStreams ? [1, options.manyStreams] : [1];
    for (const concurrency of concurrencies) {
      for (const [mode, label] of modes) {
        if (performance.now() > context.deadline) {
          const id = `${mode}-stream-${shape.chunks}x${shape.delayMs}ms-${concurrency}`;
          outcomes.push({ id, rows: [], raw: null, errors: [], notes: [`${id}: skipped, time budget spent`] });
          continue;
        }
        const batches = concurrency > 1 ? 1 : paced ? options.singleStreamBatches.paced : options.singleStreamBatches.fast;
        outcomes.push(await measureStreamCase(context, { mode, label, shape, concurrency, batches }));
      }
    }
  }
  return outcomes;
}

export function streamRows(outcomes: readonly ScenarioOutcome[]): Row[] {
  return outcomes.flatMap((outcome) => outcome.rows);
}
