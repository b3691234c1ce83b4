import { readFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { configSchema, type GatewayConfig } from './schema.js';
import { expandDocument, ExpansionError } from './expand-env.js';

/** A configuration problem, reported with the file, the key path and what is wrong. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`Invalid configuration in ${file}:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  if (path.length === 0) return '(top level)';
  return path.reduce<string>((text, key) => (typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key)), '');
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => `${formatPath([...issue.path, key])}: unknown key`).join('\n  - ');
  }
  return `${formatPath(issue.path)}: ${issue.message}`;
}

/** Parses and validates configuration text. `file` only names the source in errors. */
export function parseConfig(text: string, file: string, environment: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    throw new ConfigError(file, document.errors.map((error) => `YAML: ${error.message.split('\n')[0]}`));
  }
  try {
    expandDocument(document, environment);
  } catch (error) {
    if (error instanceof ExpansionError) throw new ConfigError(file, [`${formatPath(error.path)}: ${error.message}`]);
    throw error;
  }
  const result = configSchema.safeParse(document.toJS() ?? {});
  if (!result.success) throw new ConfigError(file, result.error.issues.map(describeIssue));
  return result.data;
}

export async function loadConfig(file: string, environment: NodeJS.ProcessEnv = process.env): Promise<GatewayConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (error as Error).message;
    throw new ConfigError(file, [`cannot read the file: ${reason}`]);
  }
  return parseConfig(text, file, environment);
}
