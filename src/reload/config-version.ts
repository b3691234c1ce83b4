/**
 * Which configuration a gateway runs: a version made of a counter (1 at start, one more
 * for each reload that took effect) and a short hash of the validated configuration, such
 * as `2-3fa9c1`. `/ready` and the reload log lines report it, so an operator can tell
 * which file every replica serves.
 */
import { createHash } from 'node:crypto';
import type { GatewayConfig } from '../../config/schema.js';
import type { Gateway } from '../gateway.js';

/** Six hex digits of the SHA-256 of the validated configuration: the same settings, the same hash. */
export function hashConfig(config: GatewayConfig): string {
  return createHash('sha256').update(JSON.stringify(config)).digest('hex').slice(0, 6);
}

export function formatConfigVersion(counter: number, hash: string): string {
  return `${counter}-${hash}`;
}

// Kept beside the gateway rather than in it: a gateway does not know it may be replaced.
const versions = new WeakMap<Gateway, string>();

export function recordConfigVersion(gateway: Gateway, version: string): void {
  versions.set(gateway, version);
}

/** The version a gateway was built from; one built outside `startGateway` counts as the first. */
export function configVersionOf(gateway: Gateway): string {
  return versions.get(gateway) ?? formatConfigVersion(1, hashConfig(gateway.config));
}
