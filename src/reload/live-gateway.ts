/**
 * The gateway that serves new requests, and the ones before it that still finish theirs.
 * A reload builds a whole new Gateway (connections, catalog, health checks, app) from the
 * new configuration and swaps it in; a request already running keeps the gateway and app
 * it started on, and that gateway stops once its last response closed (bounded by its own
 * `server.shutdown_timeout_ms`), which is when the pools of removed connections close.
 */
import type { Express } from 'express';
import type { GatewayConfig } from '../../config/schema.js';
import { createApp } from '../app.js';
import { join } from 'node:path';
import { loadHooks } from '../hooks/load-hooks.js';
import { Gateway } from '../gateway.js';
import type { Logger } from '../observability/logger.js';
import type { StateStoreContext } from '../state/create-state-store.js';
import { formatConfigVersion, hashConfig, recordConfigVersion } from './config-version.js';
import { describeConfigChanges, type ConfigChanges } from './describe-config-changes.js';
import { holdRestartSettings } from './hold-restart-settings.js';
import { retireGateway } from './retire-gateway.js';
import { SharedStateStore } from './shared-state-store.js';

/** One configuration at run time. */
interface Generation {
  gateway: Gateway;
  app: Express;
  version: string;
  hash: string;
  state: SharedStateStore;
}

export type ReloadOutcome =
  | { kind: 'reloaded'; version: string; previousVersion: string; changes: ConfigChanges }
  /** The validated configuration equals the running one (a comment or a touch): nothing was rebuilt. */
  | { kind: 'unchanged'; version: string };

/** Builds a generation on a loan of `state`; the loan is given back if the build fails. */
async function buildGeneration(config: GatewayConfig, logger: Logger, state: SharedStateStore, counter: number, baseDir: string): Promise<Generation> {
  // Hook modules are imported afresh for each configuration; a broken one refuses it.
  const hooks = await loadHooks(config.hooks, join(baseDir, 'gateway.config.yaml'));
  const loan = state.lend();
  try {
    const gateway = new Gateway(config, logger, loan, hooks);
    const hash = hashConfig(config);
    const version = formatConfigVersion(counter, hash);
    recordConfigVersion(gateway, version);
    return { gateway, app: createApp(gateway), version, hash, state };
  } catch (error) {
    await loan.close();
    throw error;
  }
}

export class LiveGateway {
  private readonly retiring = new Map<Gateway, Promise<void>>();
  private stopping = false;
  /** How many configurations took effect, this one included. */
  private counter = 1;

  private constructor(
    private current: Generation,
    private readonly context: StateStoreContext,
  ) {}

  /** Opens the state store and builds the first gateway; `start()` then starts its background work. */
  static async open(config: GatewayConfig, context: StateStoreContext): Promise<LiveGateway> {
    const state = await SharedStateStore.open(config.state, context);
    return new LiveGateway(await buildGeneration(config, context.logger, state, 1, context.baseDir), context);
  }

  get gateway(): Gateway {
    return this.current.gateway;
  }

  get app(): Express {
    return this.current.app;
  }

  get version(): string {
    return this.current.version;
  }

  /** The current gateway and those still draining, newest first. */
  get gateways(): Gateway[] {
    return [this.current.gateway, ...[...this.retiring.keys()].reverse()];
  }

  start(): void {
    this.current.gateway.start();
  }

  /** Serves new requests with `requested` (already validated); throws, keeping the running one, when it cannot be built. */
  async replace(requested: GatewayConfig, trigger: string): Promise<ReloadOutcome> {
    const { logger } = this.context;
    const previous = this.current;
    if (this.stopping) throw new Error('the gateway is shutting down');
    const { config, held } = holdRestartSettings(previous.gateway.config, requested);
    if (held.length > 0) logger.warn({ settings: held }, 'these settings take effect at the next restart; the running values stay');
    if (hashConfig(config) === previous.hash) {
      logger.info({ trigger, config_version: previous.version }, 'configuration unchanged');
      return { kind: 'unchanged', version: previous.version };
    }
    const state = previous.state.serves(config.state) ? previous.state : await SharedStateStore.open(config.state, this.context);
    const next = await buildGeneration(config, logger, state, this.counter + 1, this.context.baseDir);
    if (this.stopping || this.current !== previous) {
      // A shutdown began, or another reload won, while the store opened: this one is dropped.
      await next.gateway.stop();
      throw new Error(this.stopping ? 'the gateway is shutting down' : 'a newer reload took effect first');
    }
    next.gateway.start();
    this.current = next;
    this.counter += 1;
    if (config.server.log_level !== previous.gateway.config.server.log_level) logger.level = config.server.log_level;
    const changes = describeConfigChanges(previous.gateway.config, config);
    logger.info({ trigger, config_version: next.version, previous_version: previous.version, changes }, 'configuration reloaded');
    this.retire(previous);
    return { kind: 'reloaded', version: next.version, previousVersion: previous.version, changes };
  }

  /** Stops the current gateway and waits for those still draining. */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all([...this.retiring.values()]);
    await this.current.gateway.stop();
  }

  private retire(generation: Generation): void {
    const { gateway, version } = generation;
    const timeoutMs = gateway.config.server.shutdown_timeout_ms;
    const retired = retireGateway(gateway, timeoutMs).then(
      (drained) => {
        const fields = { config_version: version, timeout_ms: timeoutMs };
        if (drained) this.context.logger.info(fields, 'previous configuration stopped: its last requests ended');
        else this.context.logger.warn(fields, 'previous configuration stopped: requests still running at its shutdown_timeout_ms were ended');
      },
      (error: unknown) => this.context.logger.error({ err: error, config_version: version }, 'stopping the previous configuration failed'),
    );
    this.retiring.set(gateway, retired);
    void retired.finally(() => this.retiring.delete(gateway));
  }
}
