import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startObservedGateway, vllmModel, type ObservedGateway } from './observed-gateway.js';
import { findSamples, parseSamples } from './prometheus-text.js';

/** promtool from Debian's prometheus package; scripts/ensure-promtool.sh installs it. */
function findPromtool(): string | undefined {
  const found = spawnSync('sh', ['-c', 'command -v promtool'], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : undefined;
}

describe('a live /metrics scrape', () => {
  let observed: ObservedGateway;
  let exposition: string;

  beforeAll(async () => {
    observed = await startObservedGateway();
    // Traffic first, so that every metric family has series: answers, streams, errors, refusals.
    const responses = await Promise.all([
      observed.chat('chat', 'one two', { stream: true }),
      observed.chat('chat', 'one two'),
      observed.chat(vllmModel, 'one two', { stream: true, stream_options: { include_usage: true } }),
      observed.chat('chat', 'fail [scenario:http-500]'),
      observed.chat('no-such-model', 'hi'),
      fetch(`${observed.gateway.url}/no/such/path`),
    ]);
    for (const response of responses) await response.text();
    exposition = await eventually(async () => {
      const text = await (await fetch(`${observed.gateway.url}/metrics`)).text();
      expect(findSamples(parseSamples(text), 'switchyard_requests_total').length).toBeGreaterThanOrEqual(5);
      return text;
    });
  });

  afterAll(() => observed.close());

  it('is served as Prometheus text format', async () => {
    const response = await fetch(`${observed.gateway.url}/metrics`);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    await response.text();
  });

  it('has every metric of the contract with its type', () => {
    const types = new Map([...exposition.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((match) => [match[1], match[2]]));
    expect(Object.fromEntries([...types].filter(([name]) => name?.startsWith('switchyard_')))).toEqual({
      switchyard_requests_total: 'counter',
      switchyard_request_duration_seconds: 'histogram',
      switchyard_time_to_first_token_seconds: 'histogram',
      switchyard_tokens_total: 'counter',
      switchyard_upstream_errors_total: 'counter',
      switchyard_inflight_requests: 'gauge',
      switchyard_connection_up: 'gauge',
    });
  });

  it('passes `promtool check metrics`', () => {
    const promtool = findPromtool();
    if (!promtool) {
      throw new Error('promtool is not installed: run `bash scripts/ensure-promtool.sh` (installs Debian\'s prometheus package; .ci/run does it).');
    }
    const result = spawnSync(promtool, ['check', 'metrics'], { input: exposition, encoding: 'utf8' });
    expect(result.error).toBeUndefined();
    expect({ status: result.status, output: `${result.stdout}${result.stderr}`.trim() }).toEqual({ status: 0, output: '' });
  });
});
