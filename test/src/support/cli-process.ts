/**
 * Runs the real `switchyard` command (src/cli.ts through tsx, so no build is needed) as a
 * child process, for what only a process shows: exit codes, signals, and its output.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { within } from './async.js';

export const repositoryRoot = join(import.meta.dirname, '..', '..', '..');

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
  let stdout = '';
  let stderr = '';
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const listener of listeners) listener();
  };
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    notify();
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    notify();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      // Let the last output arrive before anyone looks at it.
      setImmediate(() => {
        notify();
        resolve({ code, signal });
      });
    });
  });
  let hasExited = false;
  void exited.then(() => (hasExited = true));
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    waitForOutput(pattern, ms = 30_000) {
      const found = new Promise<RegExpMatchArray>((resolve, reject) => {
        const check = () => {
          const match = stdout.match(pattern) ?? stderr.match(pattern);
          if (match) {
            listeners.delete(check);
            resolve(match);
          } else if (hasExited) {
            listeners.delete(check);
            reject(new Error(`the process exited before printing ${pattern}; stdout: ${stdout}; stderr: ${stderr}`));
          }
        };
        listeners.add(check);
        void exited.then(check);
        check();
      });
      return within(found, ms, `${pattern} in the output (stdout: ${stdout}; stderr: ${stderr})`);
    },
    async stop() {
      if (hasExited) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Waits for the one line the CLI logs when it listens; returns the URL it names. */
export async function waitForListening(cli: CliProcess): Promise<string> {
  const match = await cli.waitForOutput(/"url":"(http:\/\/[^"]+)"[^\n]*listening/);
  return match[1]!;
}
