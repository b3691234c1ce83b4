/**
 * Background polls of every connection's own load signals (Ollama `/api/ps`; vLLM or
 * llama-server `/metrics`, `/slots`, a router's `/models`), every `interval_ms`, each poll
 * bounded by `timeout_ms`. Routing reads the latest snapshot and never waits for a poll.
 *
 * Whatever goes wrong (refused, timed out, 404, 501, garbage) only makes the signals
 * unknown: no error, and one debug line when what a connection offers changes, not one
 * per poll. A connection with `load_metrics: none` is never polled.
 */
import type { ConnectionConfig } from '../../../config/schema.js';
import type { Connection } from '../connection.js';
import { fetchLoadText, serverRootOf, type FetchLoadText } from './fetch-load-text.js';
import type { LoadPoller, ReadLoadPath } from './load-poller.js';
import type { LoadReading, LoadSnapshot } from './load-snapshot.js';
import { createOllamaLoadPoller } from './poll-ollama-load.js';
import { createOpenAICompatibleLoadPoller } from './poll-openai-compatible-load.js';

export interface LoadMonitorSettings {
  interval_ms: number;
  timeout_ms: number;
}

/** The part of the logger the monitor uses (pino's Logger fits). */
export interface LoadMonitorLog {
  debug(fields: Record<string, unknown>, message: string): void;
}

/** Which poller reads a connection of each kind. */
const pollerOfMode: Record<ConnectionConfig['mode'], (connection: Connection) => LoadPoller> = {
  ollama: (connection) => createOllamaLoadPoller(connection.basePath),
  openai_compatible: (connection) => createOpenAICompatibleLoadPoller(serverRootOf(connection)),
};

interface Watched {
  connection: Connection;
  poll: LoadPoller;
  /** What the last poll found ("ollama_ps", "llama_slots+llama_metrics", "unknown"), for the change log. */
  offers: string | undefined;
}

export class LoadMonitor {
  private readonly watched: Watched[];
  private readonly snapshots = new Map<string, LoadSnapshot>();
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<void> | undefined;

  constructor(
    connections: readonly Connection[],
    private readonly settings: LoadMonitorSettings,
    private readonly log: LoadMonitorLog,
    private readonly fetchText: FetchLoadText = fetchLoadText,
    private readonly now: () => number = Date.now,
  ) {
    this.watched = connections
      .filter((connection) => connection.config.load_metrics !== 'none')
      .map((connection) => ({ connection, poll: pollerOfMode[connection.config.mode](connection), offers: undefined }));
  }

  /** Polls at once, then every `interval_ms`; the timer never keeps the process alive. */
  start(): void {
    void this.pollAll();
    this.timer = setInterval(() => void this.pollAll(), this.settings.interval_ms);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Polls every connection now; a round still running is shared rather than doubled. */
  pollAll(): Promise<void> {
    this.round ??= Promise.all(this.watched.map((watched) => this.pollOne(watched))).then(() => {
      this.round = undefined;
    });
    return this.round;
  }

  /**
   * The latest signals of a connection, or undefined when they are unknown: never polled,
   * `load_metrics: none`, the last poll failed, or the snapshot is older than one interval
   * plus one poll (the monitor was stopped).
   */
  snapshot(connectionName: string): LoadSnapshot | undefined {
    const snapshot = this.snapshots.get(connectionName);
    if (!snapshot) return undefined;
    return this.now() - snapshot.readAt <= this.settings.interval_ms + this.settings.timeout_ms ? snapshot : undefined;
  }

  private async pollOne(watched: Watched): Promise<void> {
    const { connection } = watched;
    const reading = await this.readWithin(watched);
    if (reading) this.snapshots.set(connection.name, { ...reading, readAt: this.now() });
    else this.snapshots.delete(connection.name);
    const offers = reading ? reading.sources.join('+') : 'unknown';
    if (offers !== watched.offers) {
      watched.offers = offers;
      this.log.debug({ connection: connection.name, load_signals: offers }, reading ? 'reading load signals' : 'load signals unknown');
    }
  }

  /** One poll, ended at `timeout_ms` whatever the upstream (or an injected fetcher) does. */
  private async readWithin(watched: Watched): Promise<LoadReading | undefined> {
    const deadline = this.now() + this.settings.timeout_ms;
    const read: ReadLoadPath = (path) => {
      const left = deadline - this.now();
      if (left <= 0) return Promise.reject(new Error('load poll out of time'));
      return this.fetchText(watched.connection, path, left);
    };
    let timer: NodeJS.Timeout | undefined;
    const timeUp = new Promise<undefined>((resolve) => {
      timer = setTimeout(resolve, this.settings.timeout_ms, undefined);
    });
    try {
      return await Promise.race([watched.poll(read).catch(() => undefined), timeUp]);
    } finally {
      clearTimeout(timer);
    }
  }
}
