/**
 * How deeply a JSON text nests arrays and objects, measured on the bytes before parsing.
 * V8's JSON.parse accepts any depth, but JSON.stringify and recursive validators overflow
 * the stack on a few thousand levels; a request must be refused before it gets that far.
 */

const openBrace = 0x7b;
const closeBrace = 0x7d;
const openBracket = 0x5b;
const closeBracket = 0x5d;
const quote = 0x22;
const backslash = 0x5c;

/**
 * Returns the first depth above `limit` reached in `bytes`, or undefined when the text
 * never nests deeper. Brackets inside strings do not count. One linear pass, no
 * allocation; string contents (most of a long prompt) are skipped with native searches.
 */
export function findExcessiveDepth(bytes: Uint8Array, limit: number): number | undefined {
  let depth = 0;
  for (let index = 0; index < bytes.length; index += 1) {
    const byte = bytes[index];
    if (byte === quote) {
      index = endOfString(bytes, index + 1);
    } else if (byte === openBrace || byte === openBracket) {
      depth += 1;
      if (depth > limit) return depth;
    } else if (byte === closeBrace || byte === closeBracket) {
      depth -= 1;
    }
  }
  return undefined;
}

/** The index of the quote that closes the string starting at `from`, or the end of the text. */
function endOfString(bytes: Uint8Array, from: number): number {
  let index = from;
  for (;;) {
    const closing = bytes.indexOf(quote, index);
    if (closing === -1) return bytes.length;
    let backslashes = 0;
    while (closing - backslashes - 1 >= from && bytes[closing - backslashes - 1] === backslash) backslashes += 1;
    // An even run of backslashes escapes itself, not the quote.
    if (backslashes % 2 === 0) return closing;
    index = closing + 1;
  }
}

/**
 * The path to the first value nested deeper than `limit` in a parsed JSON value, walked
 * with an explicit stack so that the walk itself cannot overflow. Only called once the
 * byte scan found too deep a nesting, to name the field in the error.
 */
export function findDeepPath(value: unknown, limit: number): PropertyKey[] | undefined {
  const stack: Array<{ value: unknown; path: PropertyKey[] }> = [{ value, path: [] }];
  while (stack.length > 0) {
    const { value: current, path } = stack.pop()!;
    if (typeof current !== 'object' || current === null) continue;
    if (path.length >= limit) return path;
    const entries: Array<[PropertyKey, unknown]> = Array.isArray(current) ? current.map((item, index) => [index, item]) : Object.entries(current);
    for (let index = entries.length - 1; index >= 0; index -= 1) {
      const [key, child] = entries[index]!;
      stack.push({ value: child, path: [...path, key] });
    }
  }
  return undefined;
}
