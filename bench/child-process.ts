/**
 * Starts the stand-ins, the references and the gateways as child processes, waits until
 * each serves, and ends them by PID: at the end, on error, and on SIGINT/SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { createServer } from 'node:net';
import { nodeCommand } from './cpu-layout.js';

export interface ChildHandle {
  name: string;
  pid: number;
  port: number;
  child: ChildProcess;
}

export interface ChildSpec {
  name: string;
  /** Arguments to node: flags, script, script arguments. */
  nodeArgs: string[];
  cores: string | undefined;
  /** 'line': the child prints {"listening":PORT}. Else poll GET `${url}/health` on this port. */
  ready: { kind: 'line' } | { kind: 'health'; port: number };
  /** File that gets the child's stdout and stderr (health-polled children only). */
  logFile?: string;
  timeoutMs: number;
}

const live = new Set<ChildHandle>();

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function waitForLine(child: ChildProcess, name: string, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    let errors = '';
    const timer = setTimeout(() => reject(new Error(`${name} did not start within ${timeoutMs} ms: ${errors}`)), timeoutMs);
    child.stderr?.on('data', (data: Buffer) => (errors = (errors + data.toString()).slice(-2000)));
    child.stdout?.on('data', (data: Buffer) => {
      buffered += data.toString();
      const match = /\{"listening":(\d+)\}/.exec(buffered);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code} before listening: ${errors}`));
    });
  });
}

async function waitForHealth(child: ChildProcess, name: string, port: number, timeoutMs: number, logFile?: string): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  child.once('exit', () => (exited = true));
  for (let attempt = 0; attempt < 10_000 && Date.now() < deadline && !exited; attempt += 1) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(1000) });
      await response.arrayBuffer();
      if (response.status === 200) return port;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${name} ${exited ? 'exited' : 'did not answer /health'} within ${timeoutMs} ms; see ${logFile ?? 'its output'}`);
}

export async function startChild(spec: ChildSpec): Promise<ChildHandle> {
  const { command, args } = nodeCommand(spec.nodeArgs, spec.cores);
  const logFd = spec.logFile ? openSync(spec.logFile, 'w') : undefined;
  const child = spawn(command, args, {
    stdio: ['pipe', logFd ?? 'pipe', logFd ?? 'pipe'],
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (logFd !== undefined) closeSync(logFd);
  if (child.pid === undefined) throw new Error(`${spec.name} could not be started`);
  const handle: ChildHandle = { name: spec.name, pid: child.pid, port: 0, child };
  live.add(handle);
  child.once('exit', () => live.delete(handle));
  handle.port =
    spec.ready.kind === 'line'
      ? await waitForLine(child, spec.name, spec.timeoutMs)
      : await waitForHealth(child, spec.name, spec.ready.port, spec.timeoutMs, spec.logFile);
  return handle;
}

/** SIGTERM by PID, then SIGKILL if it has not exited within `graceMs`. */
export async function stopChild(handle: ChildHandle, graceMs = 5000): Promise<void> {
  if (handle.child.exitCode !== null || handle.child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => handle.child.once('exit', () => resolve()));
  process.kill(handle.pid, 'SIGTERM');
  const timer = setTimeout(() => {
    if (handle.child.exitCode === null && handle.child.signalCode === null) process.kill(handle.pid, 'SIGKILL');
  }, graceMs);
  await exited;
  clearTimeout(timer);
}

export async function stopAllChildren(): Promise<void> {
  await Promise.all([...live].map((handle) => stopChild(handle).catch(() => undefined)));
}

/** Ends every child on SIGINT/SIGTERM before this process exits. */
export function stopChildrenOnSignal(): void {
  const onSignal = (signal: NodeJS.Signals): void => {
    process.stderr.write(`\n${signal}: stopping child processes\n`);
    void stopAllChildren().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
}
