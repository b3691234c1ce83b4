/**
 * Settings a running process cannot change: where it listens (the socket is bound) and
 * how its log lines are written (the logger is made once). A reload keeps their running
 * values and names the ones the new file changed, so the log can say a restart is needed.
 */
import type { GatewayConfig, ServerConfig } from '../../config/schema.js';

const restartOnly = ['host', 'port', 'log_format'] as const satisfies ReadonlyArray<keyof ServerConfig>;

export interface HeldSettings {
  /** The new configuration with the running values of the restart-only settings. */
  config: GatewayConfig;
  /** The restart-only settings the new configuration would change, such as `server.port`. */
  held: string[];
}

export function holdRestartSettings(running: GatewayConfig, next: GatewayConfig): HeldSettings {
  const held = restartOnly.filter((key) => running.server[key] !== next.server[key]);
  if (held.length === 0) return { config: next, held: [] };
  const server = { ...next.server };
  for (const key of held) Object.assign(server, { [key]: running.server[key] });
  return { config: { ...next, server }, held: held.map((key) => `server.${key}`) };
}
