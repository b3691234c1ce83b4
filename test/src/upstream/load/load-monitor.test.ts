/**
 * The background load polls: snapshots per connection, failures as "unknown", one debug
 * line per change, `load_metrics: none`, time limits and staleness. The fetcher is a
 * table in memory, so no server is needed.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { connectionSchema } from '../../../../config/schema.js';
import { Connection } from '../../../../src/upstream/connection.js';
import type { FetchLoadText, LoadAnswer } from '../../../../src/upstream/load/fetch-load-text.js';
import { LoadMonitor, type LoadMonitorLog } from '../../../../src/upstream/load/load-monitor.js';
import { startStandInLlamaServer } from '../../../support/stand-ins/stand-in-llama-server.js';
import { startStandInOllama } from '../../../support/stand-ins/stand-in-ollama.js';

const made: Connection[] = [];
afterEach(() => {
  vi.useRealTimers();
  for (const connection of made.splice(0)) connection.close();
});

function createConnection(name: string, mode: 'ollama' | 'openai_compatible', extra: Record<string, unknown> = {}): Connection {
  const base_url = mode === 'ollama' ? 'http://127.0.0.1:11434' : 'http://127.0.0.1:8000/v1';
  const connection = new Connection(connectionSchema.parse({ name, mode, base_url, ...extra }));
  made.push(connection);
  return connection;
}

const psBody = JSON.stringify({ models: [{ name: 'llama3.2:1b', model: 'llama3.2:1b', expires_at: '2025-06-02T14:38:31-07:00' }] });
const vllmBody = 'vllm:num_requests_running{engine="0",model_name="m"} 1.0\nvllm:num_requests_waiting{engine="0",model_name="m"} 4.0\n';

/** Answers by "connection path"; a missing entry is refused. Records every call. */
function createFetcher(table: Record<string, LoadAnswer>) {
  const calls: Array<{ connection: string; path: string; timeoutMs: number }> = [];
  const fetchText: FetchLoadText = async (connection, path, timeoutMs) => {
    calls.push({ connection: connection.name, path, timeoutMs });
    const answer = table[`${connection.name} ${path}`];
    if (!answer) throw new Error('connect ECONNREFUSED');
    return answer;
  };
  return { fetchText, calls };
}

function createLog(): LoadMonitorLog & { lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  return { lines, debug: (fields) => void lines.push(fields) };
}

const settings = { interval_ms: 10_000, timeout_ms: 2_000 };

describe('LoadMonitor', () => {
  it('keeps the latest snapshot of each connection, read from each kind of upstream', async () => {
    const { fetchText } = createFetcher({ 'box-a /api/ps': { status: 200, text: psBody }, 'gpu /metrics': { status: 200, text: vllmBody } });
    const monitor = new LoadMonitor([createConnection('box-a', 'ollama'), createConnection('gpu', 'openai_compatible')], settings, createLog(), fetchText, () => 1_000);
    await monitor.pollAll();
    expect(monitor.snapshot('box-a')).toEqual({ readAt: 1_000, sources: ['ollama_ps'], loadedModels: [{ model: 'llama3.2:1b', expiresAt: '2025-06-02T14:38:31-07:00' }] });
    expect(monitor.snapshot('gpu')).toEqual({ readAt: 1_000, sources: ['vllm_metrics'], running: 1, waiting: 4 });
  });

  it('reads /metrics at the server root of a /v1 base URL', async () => {
    const { fetchText, calls } = createFetcher({ 'gpu /metrics': { status: 200, text: vllmBody } });
    await new LoadMonitor([createConnection('gpu', 'openai_compatible')], settings, createLog(), fetchText).pollAll();
    expect(calls.map((call) => call.path)).toEqual(['/metrics']);
  });

  it('never polls a connection with load_metrics: none, and knows nothing of it', async () => {
    const { fetchText, calls } = createFetcher({ 'quiet /api/ps': { status: 200, text: psBody } });
    const monitor = new LoadMonitor([createConnection('quiet', 'ollama', { load_metrics: 'none' })], settings, createLog(), fetchText);
    await monitor.pollAll();
    expect(calls).toEqual([]);
    expect(monitor.snapshot('quiet')).toBeUndefined();
  });

  it('forgets the snapshot when a later poll fails, without throwing', async () => {
    const table: Record<string, LoadAnswer> = { 'box-a /api/ps': { status: 200, text: psBody } };
    const { fetchText } = createFetcher(table);
    const monitor = new LoadMonitor([createConnection('box-a', 'ollama')], settings, createLog(), fetchText);
    await monitor.pollAll();
    delete table['box-a /api/ps'];
    await expect(monitor.pollAll()).resolves.toBeUndefined();
    expect(monitor.snapshot('box-a')).toBeUndefined();
  });

  it('counts an error status as unknown', async () => {
    const { fetchText } = createFetcher({ 'box-a /api/ps': { status: 500, text: '' } });
    const monitor = new LoadMonitor([createConnection('box-a', 'ollama')], settings, createLog(), fetchText);
    await monitor.pollAll();
    expect(monitor.snapshot('box-a')).toBeUndefined();
  });

  it('logs one debug line when what a connection offers changes, none for a poll that changes nothing', async () => {
    const table: Record<string, LoadAnswer> = { 'box-a /api/ps': { status: 200, text: psBody } };
    const { fetchText } = createFetcher(table);
    const log = createLog();
    const monitor = new LoadMonitor([createConnection('box-a', 'ollama')], settings, log, fetchText);
    await monitor.pollAll();
    await monitor.pollAll();
    delete table['box-a /api/ps'];
    await monitor.pollAll();
    await monitor.pollAll();
    expect(log.lines).toEqual([
      { connection: 'box-a', load_signals: 'ollama_ps' },
      { connection: 'box-a', load_signals: 'unknown' },
    ]);
  });

  it('ends a poll that gets no answer at timeout_ms, as unknown', async () => {
    vi.useFakeTimers();
    const hanging: FetchLoadText = () => new Promise(() => undefined);
    const monitor = new LoadMonitor([createConnection('box-a', 'ollama')], settings, createLog(), hanging);
    let done = false;
    void monitor.pollAll().then(() => {
      done = true;
    });
    await vi.advanceTimersByTimeAsync(settings.timeout_ms - 1);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(done).toBe(true);
    expect(monitor.snapshot('box-a')).toBeUndefined();
  });

  it('gives each read of one poll only the time left of timeout_ms', async () => {
    let now = 0;
    const calls: number[] = [];
    const slow: FetchLoadText = async (_, path, timeoutMs) => {
      calls.push(timeoutMs);
      now += 500;
      return { status: path === '/slots' ? 200 : 404, text: '[{"id":0,"is_processing":false}]' };
    };
    await new LoadMonitor([createConnection('llama', 'openai_compatible')], settings, createLog(), slow, () => now).pollAll();
    expect(calls).toEqual([2_000, 1_500]);
  });

  it('answers unknown for a snapshot older than one interval plus one poll', async () => {
    let now = 0;
    const { fetchText } = createFetcher({ 'box-a /api/ps': { status: 200, text: psBody } });
    const monitor = new LoadMonitor([createConnection('box-a', 'ollama')], settings, createLog(), fetchText, () => now);
    await monitor.pollAll();
    now = settings.interval_ms + settings.timeout_ms;
    expect(monitor.snapshot('box-a')).toBeDefined();
    now += 1;
    expect(monitor.snapshot('box-a')).toBeUndefined();
  });

  it('polls at start and then every interval_ms until stopped', async () => {
    vi.useFakeTimers();
    const { fetchText, calls } = createFetcher({ 'box-a /api/ps': { status: 200, text: psBody } });
    const monitor = new LoadMonitor([createConnection('box-a', 'ollama')], settings, createLog(), fetchText);
    monitor.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(settings.interval_ms * 2);
    expect(calls).toHaveLength(3);
    monitor.stop();
    await vi.advanceTimersByTimeAsync(settings.interval_ms * 2);
    expect(calls).toHaveLength(3);
  });

  it('shares a round still running instead of polling twice', async () => {
    const { fetchText, calls } = createFetcher({ 'box-a /api/ps': { status: 200, text: psBody } });
    const monitor = new LoadMonitor([createConnection('box-a', 'ollama')], settings, createLog(), fetchText);
    await Promise.all([monitor.pollAll(), monitor.pollAll()]);
    expect(calls).toHaveLength(1);
  });
});

describe('LoadMonitor on stand-in servers', () => {
  it('reads a llama-server and an Ollama through the default fetcher', async () => {
    const llama = await startStandInLlamaServer({ slots: 3 });
    const ollama = await startStandInOllama();
    try {
      const connections = [createConnection('llama', 'openai_compatible', { base_url: llama.baseUrl }), createConnection('box-a', 'ollama', { base_url: ollama.url })];
      const monitor = new LoadMonitor(connections, settings, createLog());
      await monitor.pollAll();
      expect(monitor.snapshot('llama')).toMatchObject({ sources: ['llama_slots', 'llama_metrics'], running: 0, waiting: 0, slots: { busy: 0, total: 3 } });
      expect(monitor.snapshot('box-a')).toMatchObject({ sources: ['ollama_ps'], loadedModels: [] });
    } finally {
      await Promise.all([llama.close(), ollama.close()]);
    }
  });
});
