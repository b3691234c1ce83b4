/**
 * Command-line options and the two run profiles. `--quick` keeps every bar's scenario and
 * the fleet but shortens windows (3 rounds, 40-chunk 5 ms streams, no 64 × 0 ms streams, no
 * bare-proxy memory, no per-request-logging gateway, 200 fleet requests) to stay under two
 * minutes.
 */
import { parseArgs } from 'node:util';
import type { StreamShape } from './bench-models.js';

export interface BenchOptions {
  quick: boolean;
  rounds: number;
  /** Rounds disturbed by other processes are repeated, up to this many in all. */
  maxRounds: number;
  /** Share of a core other processes may use during a round before it counts as disturbed. */
  noiseShare: number;
  connections: number;
  closedWarmupMs: number;
  closedDurationMs: number;
  /** Fixed open-loop rate; undefined = half the slowest target's closed-loop throughput. */
  openRatePerSecond: number | undefined;
  openWarmupMs: number;
  openDurationMs: number;
  fastStream: StreamShape;
  pacedStream: StreamShape;
  slowStream: StreamShape;
  /** Batches of single streams per target and round; the 64-stream case runs one batch. */
  singleStreamBatches: { fast: number; paced: number };
  manyStreams: number;
  /** Whether the 0 ms streams are also run 64 at a time (the costliest case; full runs only). */
  manyFastStreams: boolean;
  /** Measure the bare proxy's memory too (full runs only; the stack floor's is always read). */
  bareMemory: boolean;
  slowStreams: number;
  largePromptBytes: number;
  largePromptRequests: number;
  /** Also measure the gateway with per-request logging (log_level info) in non-stream scenarios. */
  withInfoLogging: boolean;
  /** Also measure Ollama /api/generate translation. */
  withGenerate: boolean;
  /** Gateway entry point; the gateway rows are left out when it does not exist. */
  gatewayEntry: string;
  /** Run the gateway under node --cpu-prof and print its top self-time functions. */
  cpuProfile: boolean;
  /** Scenario ids to run; empty = all. */
  only: string[];
  timeoutMs: number;
  /** Scenarios not started within this many ms of the start are skipped (and listed); the fleet has its own limit. */
  budgetMs: number;
}

const usage = `npm run bench -- [--quick] [--rounds N] [--rate N] [--only id,id] [--no-info-log] [--cpu-prof] [--gateway dist/src/cli.js]
scenario ids: passthrough-throughput, ollama-chat-throughput, ollama-generate-throughput, models-throughput,
  passthrough-latency, ollama-chat-latency, streams, large-prompt, memory, fleet`;

export function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      rounds: { type: 'string' },
      rate: { type: 'string' },
      only: { type: 'string' },
      'no-info-log': { type: 'boolean', default: false },
      'cpu-prof': { type: 'boolean', default: false },
      gateway: { type: 'string', default: 'dist/src/cli.js' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }
  const quick = values.quick ?? false;
  const number = (value: string | undefined, fallback: number, name: string): number => {
    if (value === undefined) return fallback;
    const parsed = Number(value);
    if (!Number.isFinite(parsed) || parsed <= 0) throw new Error(`--${name} must be a positive number, not '${value}'`);
    return parsed;
  };
  const rounds = Math.round(number(values.rounds, quick ? 3 : 5, 'rounds'));
  return {
    quick,
    rounds,
    maxRounds: quick ? rounds : rounds + Math.ceil(rounds / 2),
    noiseShare: 0.2,
    connections: 32,
    closedWarmupMs: quick ? 100 : 300,
    closedDurationMs: quick ? 250 : 1500,
    openRatePerSecond: values.rate === undefined ? undefined : number(values.rate, 1000, 'rate'),
    openWarmupMs: quick ? 100 : 200,
    openDurationMs: quick ? 400 : 2000,
    fastStream: { chunks: 200, delayMs: 0 },
    pacedStream: quick ? { chunks: 40, delayMs: 5 } : { chunks: 200, delayMs: 5 },
    slowStream: quick ? { chunks: 30, delayMs: 20 } : { chunks: 100, delayMs: 20 },
    singleStreamBatches: quick ? { fast: 3, paced: 1 } : { fast: 10, paced: 2 },
    manyStreams: 64,
    manyFastStreams: !quick,
    bareMemory: !quick,
    slowStreams: 256,
    largePromptBytes: 1024 * 1024,
    largePromptRequests: quick ? 4 : 12,
    withInfoLogging: !quick && !(values['no-info-log'] ?? false),
    withGenerate: !quick,
    gatewayEntry: values.gateway ?? 'dist/src/cli.js',
    cpuProfile: values['cpu-prof'] ?? false,
    only: values.only ? values.only.split(',').map((id) => id.trim()).filter(Boolean) : [],
    timeoutMs: 30_000,
    budgetMs: quick ? 75_000 : 30 * 60_000,
  };
}
