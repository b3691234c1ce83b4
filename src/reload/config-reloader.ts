/**
 * Turns reload triggers (SIGHUP, a change of the file) into reloads, one at a time:
 * triggers that come while a reload runs are folded into one more reload after it, which
 * reads the file as it is by then. A file that does not validate is refused with the
 * message `loadConfig` gives at start, logged as an error; the running configuration stays.
 */
import type { GatewayConfig } from '../../config/schema.js';
import { ConfigError } from '../../config/load-config.js';
import type { Logger } from '../observability/logger.js';

export interface ConfigReloaderOptions {
  /** Reads and validates the file as start does (command-line overrides included); throws a ConfigError. */
  read(): Promise<GatewayConfig>;
  /** Puts a validated configuration into effect; throws when it cannot be built. */
  apply(config: GatewayConfig, trigger: string): Promise<unknown>;
  /** The version serving now, named when a reload is refused. */
  liveVersion(): string;
  logger: Logger;
}

export class ConfigReloader {
  private round: Promise<void> | undefined;
  /** The trigger of a reload asked for while one ran; the latest one names it. */
  private asked: string | undefined;

  constructor(private readonly options: ConfigReloaderOptions) {}

  /** Resolves once a reload that started after this call has ended, however it ended. */
  request(trigger: string): Promise<void> {
    this.asked = trigger;
    this.round ??= this.runAsked();
    return this.round;
  }

  private async runAsked(): Promise<void> {
    while (this.asked !== undefined) {
      const trigger = this.asked;
      this.asked = undefined;
      await this.reload(trigger);
    }
    this.round = undefined;
  }

  private async reload(trigger: string): Promise<void> {
    const { logger } = this.options;
    let config: GatewayConfig;
    try {
      config = await this.options.read();
    } catch (error) {
      const fields = { trigger, config_version: this.options.liveVersion() };
      if (error instanceof ConfigError) logger.error({ ...fields, error: error.message }, 'configuration refused; the running configuration stays');
      else logger.error({ ...fields, err: error }, 'configuration could not be read; the running configuration stays');
      return;
    }
    try {
      await this.options.apply(config, trigger);
    } catch (error) {
      logger.error({ trigger, config_version: this.options.liveVersion(), err: error }, 'configuration reload failed; the running configuration stays');
    }
  }
}
