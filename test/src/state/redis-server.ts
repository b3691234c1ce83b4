/**
 * A real redis-server for tests: its own process on 127.0.0.1 and a free port, with
 * nothing written to disk, stopped by its PID. `restart` stops it and starts it again on
 * the same port, as a Redis outage and recovery would look to the gateway; `pause` makes
 * it a Redis that still accepts bytes but never answers.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { unusedPort } from '../../support/unused-port.js';

export interface RedisServer {
  url: string;
  port: number;
  /** Stops the server (SIGTERM, then SIGKILL); harmless when already stopped. */
  stop(): Promise<void>;
  /** Stops the server and starts a new, empty one on the same port. */
  restart(): Promise<void>;
  /** Freezes the process (SIGSTOP): connections stay open but nothing is answered. */
  pause(): void;
  /** Lets a paused process run again (SIGCONT). */
  resume(): void;
}

const startWaitMs = 10_000;

function findRedisServer(): string {
  const found = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).stdout.trim();
  if (!found) {
    throw new Error("redis-server is not installed: run `bash scripts/ensure-redis.sh` (installs Debian's redis-server package)");
  }
  return found;
}

export async function startRedisServer(): Promise<RedisServer> {
  const binary = findRedisServer();
  const port = await unusedPort();
  let child = await launch(binary, port);
  const stop = async () => {
    await terminate(child);
  };
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop,
    async restart() {
      await stop();
      child = await launch(binary, port);
    },
    pause: () => void child.kill('SIGSTOP'),
    resume: () => void child.kill('SIGCONT'),
  };
}

async function launch(binary: string, port: number): Promise<ChildProcess> {
  // No configuration file: no persistence, and nothing but the loopback interface.
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => process.off('exit', killOnExit));
  const deadline = Date.now() + startWaitMs;
  while (!(await answersPing(port))) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`redis-server exited at start: ${output}`);
    if (Date.now() > deadline) {
      await terminate(child);
      throw new Error(`redis-server did not answer PING on port ${port} within ${startWaitMs} ms: ${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return child;
}

/** Sends PING in Redis's inline form; true once the answer is +PONG. */
function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let reply = '';
    const finish = (answer: boolean) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(500, () => finish(false));
    socket.once('error', () => finish(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.setEncoding('utf8').on('data', (chunk: string) => {
      reply += chunk;
      if (reply.includes('\r\n')) finish(reply.startsWith('+PONG'));
    });
  });
}

async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGCONT'); // a paused server would not act on SIGTERM
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
  await exited;
  clearTimeout(timer);
}
