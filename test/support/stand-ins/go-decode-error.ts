/**
 * The error text Go's `json.Decoder.Decode` gives for a bad request body, which Ollama
 * returns verbatim with status 400 (`{"error":"invalid character 'x' looking for
 * beginning of value"}`). Like Decode, only the first JSON value is read; what follows it
 * is ignored.
 */

type Outcome = { ok: true; end: number } | { ok: false; message: string };

const whitespace = new Set([' ', '\t', '\n', '\r']);

function quoteCharacter(character: string): string {
  if (character === "'") return "'\\''";
  if (character === '"') return "'\"'";
  const quoted = JSON.stringify(character);
  return `'${quoted.slice(1, -1)}'`;
}

function invalid(character: string, context: string): Outcome {
  return { ok: false, message: `invalid character ${quoteCharacter(character)} ${context}` };
}

const unexpectedEnd: Outcome = { ok: false, message: 'unexpected EOF' };

function skipWhitespace(text: string, index: number): number {
  let position = index;
  while (position < text.length && whitespace.has(text[position] ?? '')) position += 1;
  return position;
}

function scanString(text: string, start: number): Outcome {
  let position = start + 1;
  while (position < text.length) {
    const character = text[position] ?? '';
    if (character === '"') return { ok: true, end: position + 1 };
    if (character < ' ') return invalid(character, 'in string literal');
    if (character === '\\') {
      const escape = text[position + 1];
      if (escape === undefined) return unexpectedEnd;
      if (escape === 'u') {
        for (let offset = 2; offset < 6; offset += 1) {
          const digit = text[position + offset];
          if (digit === undefined) return unexpectedEnd;
          if (!/[0-9a-fA-F]/.test(digit)) return invalid(digit, 'in \\u hexadecimal character escape');
        }
        position += 6;
        continue;
      }
      if (!'"\\/bfnrt'.includes(escape)) return invalid(escape, 'in string escape code');
      position += 2;
      continue;
    }
    position += 1;
  }
  return unexpectedEnd;
}

function scanNumber(text: string, start: number): Outcome {
  let position = start;
  if (text[position] === '-') position += 1;
  const first = text[position];
  if (first === undefined) return unexpectedEnd;
  if (!/[0-9]/.test(first)) return invalid(first, 'in numeric literal');
  position += first === '0' ? 1 : 0;
  while (first !== '0' && /[0-9]/.test(text[position] ?? '')) position += 1;
  if (text[position] === '.') {
    position += 1;
    const digit = text[position];
    if (digit === undefined) return unexpectedEnd;
    if (!/[0-9]/.test(digit)) return invalid(digit, 'after decimal point in numeric literal');
    while (/[0-9]/.test(text[position] ?? '')) position += 1;
  }
  if (text[position] === 'e' || text[position] === 'E') {
    position += 1;
    if (text[position] === '+' || text[position] === '-') position += 1;
    const digit = text[position];
    if (digit === undefined) return unexpectedEnd;
    if (!/[0-9]/.test(digit)) return invalid(digit, 'in exponent of numeric literal');
    while (/[0-9]/.test(text[position] ?? '')) position += 1;
  }
  return { ok: true, end: position };
}

function scanLiteral(text: string, start: number, literal: string): Outcome {
  for (let offset = 1; offset < literal.length; offset += 1) {
    const character = text[start + offset];
    if (character === undefined) return unexpectedEnd;
    if (character !== literal[offset]) return invalid(character, `in literal ${literal} (expecting '${literal[offset]}')`);
  }
  return { ok: true, end: start + literal.length };
}

function scanSequence(text: string, start: number, closing: '}' | ']'): Outcome {
  const isObject = closing === '}';
  let position = skipWhitespace(text, start + 1);
  if (text[position] === closing) return { ok: true, end: position + 1 };
  for (;;) {
    if (isObject) {
      const keyStart = text[position];
      if (keyStart === undefined) return unexpectedEnd;
      if (keyStart !== '"') return invalid(keyStart, 'looking for beginning of object key string');
      const key = scanString(text, position);
      if (!key.ok) return key;
      position = skipWhitespace(text, key.end);
      const colon = text[position];
      if (colon === undefined) return unexpectedEnd;
      if (colon !== ':') return invalid(colon, 'after object key');
      position += 1;
    }
    const value = scanValue(text, position);
    if (!value.ok) return value;
    position = skipWhitespace(text, value.end);
    const separator = text[position];
    if (separator === undefined) return unexpectedEnd;
    if (separator === closing) return { ok: true, end: position + 1 };
    if (separator !== ',') return invalid(separator, isObject ? 'after object key:value pair' : 'after array element');
    position = skipWhitespace(text, position + 1);
  }
}

function scanValue(text: string, start: number): Outcome {
  const position = skipWhitespace(text, start);
  const character = text[position];
  if (character === undefined) return unexpectedEnd;
  if (character === '{') return scanSequence(text, position, '}');
  if (character === '[') return scanSequence(text, position, ']');
  if (character === '"') return scanString(text, position);
  if (character === '-' || /[0-9]/.test(character)) return scanNumber(text, position);
  if (character === 't') return scanLiteral(text, position, 'true');
  if (character === 'f') return scanLiteral(text, position, 'false');
  if (character === 'n') return scanLiteral(text, position, 'null');
  return invalid(character, 'looking for beginning of value');
}

/**
 * Go's decode error for the body, `missing request body` when it is empty (Ollama's own
 * text for io.EOF), or undefined when the first JSON value in it is well formed.
 */
export function describeGoDecodeError(body: string): string | undefined {
  if (skipWhitespace(body, 0) >= body.length) return 'missing request body';
  const outcome = scanValue(body, 0);
  return outcome.ok ? undefined : outcome.message;
}

/** The first JSON value of a body Go's decoder accepted (trailing bytes ignored). */
export function parseFirstJsonValue(body: string): unknown {
  const outcome = scanValue(body, 0);
  return JSON.parse(outcome.ok ? body.slice(0, outcome.end) : body) as unknown;
}
