/**
 * Text as a Python server (vLLM) produces it: `json.dumps` with its default ", " and ": "
 * separators (used for tool-call arguments and streamed error frames), and `repr()` of
 * the dicts, lists and tuples that end up in FastAPI validation messages.
 */

/** A Python tuple, for `repr` (validation error locations are tuples: ('body', 'messages')). */
export class PythonTuple {
  constructor(readonly items: unknown[]) {}
}

/** Text that `repr` shows as is, e.g. an exception: ValueError('…'). */
export class PythonRaw {
  constructor(readonly text: string) {}
}

/** `json.dumps(value, ensure_ascii=False)`: compact JSON with a space after ',' and ':'. */
export function dumpPythonJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(dumpPythonJson).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, entry]) => entry !== undefined);
    return `{${entries.map(([key, entry]) => `${JSON.stringify(key)}: ${dumpPythonJson(entry)}`).join(', ')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function reprString(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  const escaped = text
    .replace(/\\/g, '\\\\')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t');
  return quote + (quote === "'" ? escaped.replace(/'/g, "\\'") : escaped) + quote;
}

/** Python's `repr()` of a JSON-like value. */
export function reprPython(value: unknown): string {
  if (value instanceof PythonTuple) {
    const items = value.items.map(reprPython);
    return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
  }
  if (value instanceof PythonRaw) return value.text;
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'string') return reprString(value);
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return `[${value.map(reprPython).join(', ')}]`;
  const entries = Object.entries(value as Record<string, unknown>);
  return `{${entries.map(([key, entry]) => `${reprString(key)}: ${reprPython(entry)}`).join(', ')}}`;
}
