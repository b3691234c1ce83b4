/**
 * A small reader of the Prometheus text exposition format (version 0.0.4, which vLLM's
 * prometheus_client and llama-server's `--metrics` both send): one sample per line,
 * `name{label="value",…} value [timestamp]`, comments and blank lines skipped. A line it
 * cannot read is skipped rather than failing the whole body, so one odd family never hides
 * the gauges routing needs.
 */

export interface PrometheusSample {
  name: string;
  labels: Record<string, string>;
  /** May be NaN or ±Infinity, as the format allows. */
  value: number;
}

const metricName = /[a-zA-Z_:][a-zA-Z0-9_:]*/y;
const labelName = /[a-zA-Z_][a-zA-Z0-9_]*/y;
const labelEscapes: Record<string, string> = { '\\': '\\', '"': '"', n: '\n' };

/** Every sample in `text`, or only those whose name is in `wanted` (cheaper on large bodies). */
export function readPrometheusSamples(text: string, wanted?: ReadonlySet<string>): PrometheusSample[] {
  const samples: PrometheusSample[] = [];
  for (const rawLine of text.split('\n')) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    const sample = readSampleLine(line, wanted);
    if (sample) samples.push(sample);
  }
  return samples;
}

function readSampleLine(line: string, wanted: ReadonlySet<string> | undefined): PrometheusSample | undefined {
  metricName.lastIndex = 0;
  const name = metricName.exec(line)?.[0];
  if (name === undefined || (wanted && !wanted.has(name))) return undefined;
  let index = name.length;
  let labels: Record<string, string> = {};
  if (line[index] === '{') {
    const read = readLabels(line, index + 1);
    if (!read) return undefined;
    labels = read.labels;
    index = read.end;
  }
  // The value, then an optional timestamp in milliseconds, which routing has no use for.
  const [valueText] = line.slice(index).trim().split(/\s+/);
  const value = readValue(valueText);
  return value === undefined ? undefined : { name, labels, value };
}

/** Reads `a="1",b="2"}` from `start`; undefined when the label set is malformed. */
function readLabels(line: string, start: number): { labels: Record<string, string>; end: number } | undefined {
  const labels: Record<string, string> = {};
  let index = skipSpaces(line, start);
  while (line[index] !== '}') {
    labelName.lastIndex = index;
    const name = labelName.exec(line)?.[0];
    if (name === undefined) return undefined;
    index = skipSpaces(line, index + name.length);
    if (line[index] !== '=') return undefined;
    index = skipSpaces(line, index + 1);
    if (line[index] !== '"') return undefined;
    const value = readQuoted(line, index + 1);
    if (!value) return undefined;
    labels[name] = value.text;
    index = skipSpaces(line, value.end);
    if (line[index] === ',') index = skipSpaces(line, index + 1);
    else if (line[index] !== '}') return undefined;
  }
  return { labels, end: index + 1 };
}

/** A label value after its opening quote, with `\\`, `\"` and `\n` unescaped. */
function readQuoted(line: string, start: number): { text: string; end: number } | undefined {
  let text = '';
  for (let index = start; index < line.length; index += 1) {
    const char = line[index];
    if (char === '"') return { text, end: index + 1 };
    if (char === '\\') {
      const next = line[index + 1] ?? '';
      text += labelEscapes[next] ?? `\\${next}`;
      index += 1;
    } else {
      text += char;
    }
  }
  return undefined;
}

function skipSpaces(line: string, index: number): number {
  while (line[index] === ' ' || line[index] === '\t') index += 1;
  return index;
}

/** Prometheus reads values with Go's ParseFloat, which takes `NaN`, `Inf` in any case (llama-server writes `nan`). */
function readValue(text: string | undefined): number | undefined {
  if (text === undefined || text === '') return undefined;
  const lower = text.toLowerCase();
  if (lower === 'nan') return Number.NaN;
  if (lower === '+inf' || lower === 'inf') return Number.POSITIVE_INFINITY;
  if (lower === '-inf') return Number.NEGATIVE_INFINITY;
  const value = Number(text);
  return Number.isNaN(value) ? undefined : value;
}

/** The sum of the finite values of `name`'s samples (one per engine or model); undefined when there is none. */
export function sumSamples(samples: readonly PrometheusSample[], name: string): number | undefined {
  const values = samples.filter((sample) => sample.name === name && Number.isFinite(sample.value)).map((sample) => sample.value);
  return values.length === 0 ? undefined : values.reduce((total, value) => total + value, 0);
}

/** The largest finite value of `name`'s samples; undefined when there is none. */
export function maxSample(samples: readonly PrometheusSample[], name: string): number | undefined {
  const values = samples.filter((sample) => sample.name === name && Number.isFinite(sample.value)).map((sample) => sample.value);
  return values.length === 0 ? undefined : Math.max(...values);
}
