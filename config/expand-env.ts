/**
 * `${VAR}` and `${VAR:-default}` expansion in configuration values. It runs on the parsed
 * YAML tree, so an error names the key path. A value from the environment is kept exactly
 * as set (a key such as `secret #1` stays whole), except that an unquoted value that is
 * a whole `${…}` and expands to a plain number or boolean becomes one, as if written
 * there: `port: ${PORT:-4000}` is the number 4000. Text settings take such values back as
 * text, so `api_key: ${KEY}` with KEY=123456 is still the string "123456".
 */
import { isMap, isScalar, isSeq, Scalar, type Document, type Node } from 'yaml';

const reference = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

export class ExpansionError extends Error {
  constructor(
    readonly path: Array<string | number>,
    message: string,
  ) {
    super(message);
  }
}

export function expandString(value: string, environment: NodeJS.ProcessEnv, path: Array<string | number>): string {
  return value.replace(reference, (_match, name: string, fallback: string | undefined) => {
    const found = environment[name];
    if (found !== undefined && (found !== '' || fallback === undefined)) return found;
    if (fallback !== undefined) return fallback;
    throw new ExpansionError(path, `environment variable ${name} is not set (write \${${name}:-default} to give a default)`);
  });
}

/** Expands every scalar of the document in place. */
export function expandDocument(document: Document, environment: NodeJS.ProcessEnv): void {
  visit(document.contents, [], environment);
}

function visit(node: Node | null | undefined, path: Array<string | number>, environment: NodeJS.ProcessEnv): void {
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      visit(pair.value as Node | null, [...path, key], environment);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, index) => visit(item as Node | null, [...path, index], environment));
  } else if (isScalar(node) && typeof node.value === 'string' && node.value.includes('${')) {
    const expanded = expandString(node.value, environment, path);
    const whole = /^\$\{[^}]*\}$/.test(node.value.trim());
    node.value = node.type === Scalar.PLAIN && whole ? readPlainValue(expanded) : expanded;
  }
}

/** A canonical number or a boolean as such; any other text as it is. */
function readPlainValue(text: string): string | number | boolean {
  if (text === 'true' || text === 'false') return text === 'true';
  const number = Number(text);
  return text.trim() !== '' && Number.isFinite(number) && String(number) === text ? number : text;
}
