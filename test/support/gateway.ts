/**
 * The two ways a test starts a gateway. `startTestGateway` runs it in this process on
 * 127.0.0.1 and a free port, keeping its log lines for the test to read; almost every
 * test wants that. `spawnCli` runs the real `switchyard` command (src/cli.ts through tsx,
 * so no build is needed) as a child process, for what only a process shows: exit codes,
 * signals, command-line options and environment variables.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { z } from 'zod';
import { configSchema } from '../../config/schema.js';
import { createLogger } from '../../src/observability/logger.js';
import { startGateway, type RunningGateway } from '../../src/server.js';
import { within } from './eventually.js';

export type ConfigInput = z.input<typeof configSchema>;

export interface TestGateway extends RunningGateway {
  /** Log lines written so far, parsed. */
  logs: Array<Record<string, unknown>>;
}

/**
 * Starts a gateway with the configuration, shutdown and health-check timings shortened.
 * The logger writes at `server.log_level` when the test sets one, at debug otherwise, so
 * that a test can read every line.
 */
export async function startTestGateway(input: ConfigInput): Promise<TestGateway> {
  const config = configSchema.parse({
    ...input,
    server: { host: '127.0.0.1', port: 0, shutdown_timeout_ms: 2000, ...input.server },
    health_checks: { interval_ms: 60_000, timeout_ms: 2000, ...input.health_checks },
    // No state file is left behind by a test unless it asks for one.
    state: { store: 'memory', ...input.state },
  });
  const logs: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString('utf8').split('\n')) if (line) logs.push(JSON.parse(line) as Record<string, unknown>);
      callback();
    },
  });
  const running = await startGateway(config, createLogger(input.server?.log_level ?? 'debug', sink));
  return Object.assign(running, { logs });
}

const repositoryRoot = join(import.meta.dirname, '..', '..');

export interface CliProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves once stdout or stderr matched; rejects after `ms` or when the process exits first. */
  waitForOutput(pattern: RegExp, ms?: number): Promise<RegExpMatchArray>;
  /** Resolves with the exit code (null when killed by a signal) and the signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Kills the process if it still runs. */
  stop(): Promise<void>;
  /** The same as `stop`, so that `closeAfterEach` can end it. */
  close(): Promise<void>;
}

/** Variables the CLI reads; cleared so the test's own environment does not leak in. */
const cliVariables = ['PORT', 'HOST', 'SWITCHYARD_CONFIG', 'OLLAMA_BASE_URL', 'VLLM_BASE_URL', 'VLLM_API_KEY'];

export function spawnCli(args: string[], environment: Record<string, string> = {}): CliProcess {
  const inherited = { ...process.env };
  for (const name of cliVariables) delete inherited[name];
  const child = spawn(process.execPath, ['--import', 'tsx', join(repositoryRoot, 'src', 'cli.ts'), ...args], {
    cwd: repositoryRoot,
    env: { ...inherited, ...environment },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = { stdout: '', stderr: '' };
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const listener of listeners) listener();
  };
  for (const stream of ['stdout', 'stderr'] as const) {
    child[stream]?.setEncoding('utf8').on('data', (chunk: string) => {
      output[stream] += chunk;
      notify();
    });
  }
  let hasExited = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      // Let the last output arrive before anyone looks at it.
      setImmediate(() => {
        hasExited = true;
        notify();
        resolve({ code, signal });
      });
    });
  });
  const stop = async () => {
    if (hasExited) return;
    child.kill('SIGKILL');
    await exited;
  };
  return {
    child,
    stdout: () => output.stdout,
    stderr: () => output.stderr,
    exited,
    waitForOutput(pattern, ms = 30_000) {
      const found = new Promise<RegExpMatchArray>((resolve, reject) => {
        const check = () => {
          const match = output.stdout.match(pattern) ?? output.stderr.match(pattern);
          if (match) {
            listeners.delete(check);
            resolve(match);
          } else if (hasExited) {
            listeners.delete(check);
            reject(new Error(`the process exited before printing ${pattern}; stdout: ${output.stdout}; stderr: ${output.stderr}`));
          }
        };
        listeners.add(check);
        check();
      });
      return within(found, ms, `${pattern} in the output (stdout: ${output.stdout}; stderr: ${output.stderr})`);
    },
    stop,
    close: stop,
  };
}

/** Waits for the one line the CLI logs when it listens; returns the URL it names. */
export async function waitForListening(cli: CliProcess): Promise<string> {
  const match = await cli.waitForOutput(/"url":"(http:\/\/[^"]+)"[^\n]*listening/);
  return match[1]!;
}
