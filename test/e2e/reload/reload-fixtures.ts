/**
 * What the reload suites share: configuration files written the way editors and
 * Kubernetes write them, an upstream that holds a stream open until the test lets it
 * finish, and reading a gateway process's JSON log lines.
 */
import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Track } from '../../support/close-after.js';
import { eventually } from '../../support/eventually.js';
import { startFakeUpstream, type FakeUpstream } from '../../support/fake-upstream.js';
import { createGate, type Gate } from '../../support/gate.js';
import type { CliProcess } from '../../support/gateway.js';

export const heldModel = 'held-model';
export const first = 'data: {"choices":[{"index":0,"delta":{"content":"Hel"}}]}\n\n';
export const second = 'data: {"choices":[{"index":0,"delta":{"content":"lo"},"finish_reason":"stop"}]}\n\n';
export const done = 'data: [DONE]\n\n';
export const streamRequest = { model: heldModel, stream: true, messages: [{ role: 'user', content: 'hi' }] };

export type LogLine = Record<string, unknown>;

/** A folder removed after the test. */
export async function temporaryFolder(track: Track, prefix = 'switchyard-reload-'): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), prefix));
  track({ close: () => rm(folder, { recursive: true, force: true }) });
  return folder;
}

/**
 * A gateway configuration as text (JSON is YAML): JSON logs at info, memory state,
 * health checks too rare to interfere, and the given connections and other sections.
 */
export function configText(connections: object[], rest: Record<string, unknown> = {}): string {
  const { server, ...others } = rest;
  return JSON.stringify(
    {
      server: { host: '127.0.0.1', port: 0, log_format: 'json', log_level: 'info', shutdown_timeout_ms: 10_000, ...(server as object | undefined) },
      state: { store: 'memory' },
      health_checks: { interval_ms: 60_000, timeout_ms: 1000 },
      connections,
      ...others,
    },
    null,
    2,
  );
}

/** Saves as editors do: a new file in the same folder, renamed over the old one. */
export async function saveFile(file: string, text: string): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, text);
  await rename(temporary, file);
}

/** An upstream whose streams send one chunk, then wait for the gate before they finish. */
export async function startHoldingUpstream(track: Track): Promise<{ upstream: FakeUpstream; release: Gate }> {
  const upstream = track(await startFakeUpstream({ models: [heldModel] }));
  const release = createGate();
  upstream.handle = async (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write(first);
    await release.promise;
    res.write(second);
    res.end(done);
  };
  return { upstream, release };
}

/** The process's JSON log lines so far. */
export function logLines(cli: CliProcess): LogLine[] {
  return cli
    .stdout()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogLine);
}

/** Waits for the `count`-th log line with this message, and answers it. */
export function waitForLogLine(cli: CliProcess, message: string, count = 1, ms = 10_000): Promise<LogLine> {
  return eventually(
    `log line ${count} '${message}'`,
    () => logLines(cli).filter((line) => line.msg === message)[count - 1] ?? false,
    ms,
  );
}

/** The ids `/v1/models` lists. */
export async function listedModels(url: string): Promise<string[]> {
  const response = await fetch(`${url}/v1/models`);
  const body = (await response.json()) as { data: Array<{ id: string }> };
  return body.data.map((model) => model.id);
}

/** The configuration version `/ready` reports. */
export async function readyVersion(url: string): Promise<string> {
  const response = await fetch(`${url}/ready`);
  return ((await response.json()) as { config_version: string }).config_version;
}
