/**
 * A live /metrics scrape after traffic of every kind: Prometheus text format, every metric
 * of the contract with its type, and accepted by `promtool check metrics`.
 */
import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { closeAfterAll } from '../../support/close-after.js';
import { eventually } from '../../support/eventually.js';
import { findSamples, parseSamples } from '../../support/prometheus-text.js';
import { requirePromtool } from '../../support/promtool.js';
import { startObservedGateway, vllmModel, type ObservedGateway } from './observed-gateway.js';

describe('a live /metrics scrape', () => {
  const track = closeAfterAll();
  let observed: ObservedGateway;
  let exposition: string;

  beforeAll(async () => {
    observed = track(await startObservedGateway());
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
    exposition = await eventually('every request in switchyard_requests_total', async () => {
      const text = await (await fetch(`${observed.gateway.url}/metrics`)).text();
      expect(findSamples(parseSamples(text), 'switchyard_requests_total').length).toBeGreaterThanOrEqual(5);
      return text;
    });
  });

  it('is served as Prometheus text format', async () => {
    const response = await fetch(`${observed.gateway.url}/metrics`);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    await response.text();
  });

  it('has every metric of the contract with its type', () => {
    const types = new Map([...exposition.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((match) => [match[1], match[2]]));
    expect(Object.fromEntries([...types].filter(([name]) => name?.startsWith('switchyard_')))).toMatchObject({
      switchyard_requests_total: 'counter',
      switchyard_request_duration_seconds: 'histogram',
      switchyard_time_to_first_token_seconds: 'histogram',
      switchyard_tokens_total: 'counter',
      switchyard_upstream_errors_total: 'counter',
      switchyard_inflight_requests: 'gauge',
      switchyard_connection_up: 'gauge',
    });
  });

  it('passes `promtool check metrics`', (context) => {
    const promtool = requirePromtool(context);
    const result = spawnSync(promtool, ['check', 'metrics'], { input: exposition, encoding: 'utf8' });
    expect(result.error).toBeUndefined();
    expect({ status: result.status, output: `${result.stdout}${result.stderr}`.trim() }).toEqual({ status: 0, output: '' });
  });
});
