/**
 * Streaming scenarios: time to first token and total time of 200-chunk streams, with 0 ms
 * and 5 ms between chunks, at 1 and 64 concurrent streams, through passthrough and Ollama
 * translation.
 */
import { probeTargets, roundPlan, withoutInfoGateway, type BenchContext, type ScenarioOutcome } from './bench-context.js';
import type { StreamShape } from './bench-models.js';
import { runRounds } from './run-rounds.js';
import { chatRequest, streamEndMarker, type Mode, type Target } from './scenarios.js';
import { firstTokenMarker } from './stand-in-bodies.js';
import { runStreams, type StreamResult } from './stream-timing.js';
import { addedOver, barAtMost, ratioRow, type Row } from './summaries.js';

interface StreamCase {
  mode: Mode;
  label: string;
  shape: StreamShape;
  concurrency: number;
  batches: number;
}

async function measureStreamCase(context: BenchContext, streamCase: StreamCase): Promise<ScenarioOutcome> {
  const { mode, shape, concurrency } = streamCase;
  const id = `${mode}-stream-${shape.chunks}x${shape.delayMs}ms-${concurrency}`;
  const specFor = (target: Target) => chatRequest(mode, target, { stream: true, shape });
  const warmupFor = (target: Target) => chatRequest(mode, target, { stream: false });
  const { working, errors } = await probeTargets(withoutInfoGateway(context.targets), specFor, id);
  const run = await runRounds<StreamResult>(id, working, roundPlan(context.options), context.upstreamPid, (target) =>
    runStreams(target.origin, specFor(target.name), {
      concurrency,
      batches: streamCase.batches,
      timeoutMs: context.options.timeoutMs,
      firstTokenMarker,
      endMarker: streamEndMarker(mode, target.name),
      warmup: warmupFor(target.name),
    }),
  );
  const { rounds } = run;
  const section = `streams ${shape.chunks} chunks, ${shape.delayMs} ms apart`;
  const metric = `${streamCase.label}, ${concurrency} stream${concurrency > 1 ? 's' : ''}`;
  const ttft = ratioRow(rounds, (m) => m.value.ttftMs, { section, metric: `${metric}: TTFT`, unit: 'ms' });
  const total = ratioRow(rounds, (m) => m.value.totalMs, { section, metric: `${metric}: total`, unit: 'ms' });
  const ttftAdded = addedOver(rounds, (m) => m.value.ttftMs);
  const totalAdded = addedOver(rounds, (m) => m.value.totalMs);
  ttft.bar =
    concurrency === 1
      ? barAtMost(ttftAdded.gateway, 1, 'gw adds (ms)', 3)
      : { text: `gw adds ${ttftAdded.gateway.toFixed(3)} ms, bare ${ttftAdded.bare.toFixed(3)} ms`, pass: undefined };
  total.bar =
    shape.delayMs > 0
      ? barAtMost(total.gatewayVsDirect, 1.05, 'gw÷direct')
      : { text: `gw adds ${totalAdded.gateway.toFixed(2)} ms, bare ${totalAdded.bare.toFixed(2)} ms`, pass: undefined };
  for (const round of rounds) {
    for (const [target, measured] of Object.entries(round.results)) {
      if (measured && measured.value.errors > 0) errors.push(`${id}: ${target}: ${measured.value.errors} failed streams, first: ${measured.value.firstError ?? ''}`);
    }
  }
  return { id, rows: [ttft, total], raw: run.all, rounds: { run: run.all.length, disturbed: run.disturbed }, errors: [...new Set(errors)].slice(0, 6), notes: [run.note] };
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
