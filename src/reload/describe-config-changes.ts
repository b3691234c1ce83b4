/**
 * What a reload changed, for its log line: connections and model aliases added, removed
 * or changed (by name), and the other settings that differ (`server.body_limit`,
 * `routing`, …). Names only, never values: a value may be a key or a token.
 */
import type { GatewayConfig } from '../../config/schema.js';

export interface NamedChanges {
  added: string[];
  removed: string[];
  changed: string[];
}

export interface ConfigChanges {
  connections: NamedChanges;
  models: NamedChanges;
  /** Other settings whose value changed, one level deep: `server.cors_origins`, `health_checks.interval_ms`, `hooks`. */
  settings: string[];
}

function isSame(before: unknown, after: unknown): boolean {
  return JSON.stringify(before) === JSON.stringify(after);
}

function compareByName<Item extends { name: string }>(before: readonly Item[], after: readonly Item[]): NamedChanges {
  const old = new Map(before.map((item) => [item.name, item]));
  const next = new Map(after.map((item) => [item.name, item]));
  return {
    added: after.filter((item) => !old.has(item.name)).map((item) => item.name),
    removed: before.filter((item) => !next.has(item.name)).map((item) => item.name),
    changed: after.filter((item) => old.has(item.name) && !isSame(old.get(item.name), item)).map((item) => item.name),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function compareSettings(before: GatewayConfig, after: GatewayConfig): string[] {
  const changed: string[] = [];
  for (const key of Object.keys(after) as Array<keyof GatewayConfig>) {
    if (key === 'connections' || key === 'models') continue;
    const [old, next]: unknown[] = [before[key], after[key]];
    if (isSame(old, next)) continue;
    if (isRecord(old) && isRecord(next)) {
      for (const inner of new Set([...Object.keys(old), ...Object.keys(next)])) {
        if (!isSame(old[inner], next[inner])) changed.push(`${key}.${inner}`);
      }
    } else {
      changed.push(key);
    }
  }
  return changed;
}

export function describeConfigChanges(before: GatewayConfig, after: GatewayConfig): ConfigChanges {
  return {
    connections: compareByName(before.connections, after.connections),
    models: compareByName(before.models, after.models),
    settings: compareSettings(before, after),
  };
}
