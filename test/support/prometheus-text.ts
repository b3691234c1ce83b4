/**
 * Reads a Prometheus text exposition into samples, so tests can check the values a
 * scrape of /metrics shows after known traffic.
 */

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const samplePattern = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\d+)?$/;
const labelPattern = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

function unescapeLabelValue(value: string): string {
  return value.replace(/\\(.)/g, (_match, character: string) => (character === 'n' ? '\n' : character));
}

export function parseSamples(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = samplePattern.exec(line);
    if (!match) throw new Error(`not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, name, value] of (match[2] ?? '').matchAll(labelPattern)) labels[name ?? ''] = unescapeLabelValue(value ?? '');
    samples.push({ name: match[1] ?? '', labels, value: Number(match[3]) });
  }
  return samples;
}

export async function scrape(baseUrl: string): Promise<Sample[]> {
  const response = await fetch(`${baseUrl}/metrics`);
  if (response.status !== 200) throw new Error(`/metrics answered ${response.status}`);
  return parseSamples(await response.text());
}

function hasLabels(sample: Sample, labels: Record<string, string>): boolean {
  return Object.entries(labels).every(([name, value]) => sample.labels[name] === value);
}

/** Every sample of a name whose labels include the given ones. */
export function findSamples(samples: Sample[], name: string, labels: Record<string, string> = {}): Sample[] {
  return samples.filter((sample) => sample.name === name && hasLabels(sample, labels));
}

/** The value of the one sample with exactly these labels (plus `le` for buckets); 0 when absent. */
export function valueOf(samples: Sample[], name: string, labels: Record<string, string>): number {
  const wanted = Object.keys(labels).length;
  const matches = findSamples(samples, name, labels).filter((sample) => Object.keys(sample.labels).length === wanted);
  if (matches.length > 1) throw new Error(`${name} ${JSON.stringify(labels)} matches ${matches.length} samples`);
  return matches[0]?.value ?? 0;
}

/** The sum over every sample of a name whose labels include the given ones. */
export function sumOf(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  return findSamples(samples, name, labels).reduce((total, sample) => total + sample.value, 0);
}

/** `name{labels}` keys of every sample whose name starts with the prefix. */
export function seriesKeys(samples: Sample[], prefix: string): string[] {
  return samples
    .filter((sample) => sample.name.startsWith(prefix))
    .map((sample) => `${sample.name}${JSON.stringify(sample.labels)}`)
    .sort();
}

/** The value of the first sample of a metric whose labels include the given ones, read from a live /metrics. */
export async function readMetric(target: { url: string }, name: string, labels: Record<string, string>): Promise<number | undefined> {
  return findSamples(await scrape(target.url), name, labels)[0]?.value;
}
