/**
 * The values /metrics shows after known traffic: request counts, durations, time to first
 * token and tokens, in both modes.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { closeAfterAll } from '../../support/close-after.js';
import { eventually } from '../../support/eventually.js';
import { startObservedGateway, vllmModel, type ObservedGateway } from './observed-gateway.js';
import { findSamples, valueOf, type Sample } from '../../support/prometheus-text.js';

const chatRoute = '/v1/chat/completions';

/** Bucket counts of one histogram series, in `le` order. */
function bucketsOf(samples: Sample[], name: string, labels: Record<string, string>): Array<[string, number]> {
  return findSamples(samples, `${name}_bucket`, labels)
    .map((sample): [string, number] => [sample.labels.le ?? '', sample.value])
    .sort(([left], [right]) => Number(left === '+Inf' ? Infinity : left) - Number(right === '+Inf' ? Infinity : right));
}

describe('metrics after known traffic', () => {
  const track = closeAfterAll();
  let observed: ObservedGateway;
  let samples: Sample[];

  beforeAll(async () => {
    observed = track(await startObservedGateway({ ollama: { firstByteDelayMs: 300 } }));
    const { chat, post } = observed;
    const statuses = await Promise.all([
      // Translated (Ollama): two plain answers and one stream without include_usage.
      chat('chat', 'one two three').then((response) => response.text().then(() => response.status)),
      chat('chat', 'one two three').then((response) => response.text().then(() => response.status)),
      chat('chat', 'one two', { stream: true }).then((response) => response.text().then(() => response.status)),
      // Passthrough (vLLM): a plain answer, a stream with usage, a stream without.
      chat(vllmModel, 'alpha beta').then((response) => response.text().then(() => response.status)),
      chat(vllmModel, 'alpha beta gamma', { stream: true, stream_options: { include_usage: true } }).then((response) => response.text().then(() => response.status)),
      chat(vllmModel, 'alpha', { stream: true }).then((response) => response.text().then(() => response.status)),
      // Refused by the gateway itself.
      chat('no-such-model', 'hello').then((response) => response.text().then(() => response.status)),
      post(chatRoute, '{"model": ').then((response) => response.text().then(() => response.status)),
      // Slow first byte on its own model, for bucket placement.
      chat('qwen2.5:0.5b', 'slow [scenario:slow-first-byte]').then((response) => response.text().then(() => response.status)),
    ]);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 404, 400, 200]);
    samples = await eventually('every request in the metrics', async () => {
      const scraped = await observed.scrape();
      expect(valueOf(scraped, 'switchyard_request_duration_seconds_count', { route: chatRoute, model: 'qwen2.5:0.5b', connection: 'ollama' })).toBe(1);
      expect(findSamples(scraped, 'switchyard_requests_total', { route: chatRoute }).reduce((total, sample) => total + sample.value, 0)).toBe(9);
      return scraped;
    });
  });

  it('counts requests by route, model, connection and status', () => {
    const count = (model: string, connection: string, status: string) => valueOf(samples, 'switchyard_requests_total', { route: chatRoute, model, connection, status });
    expect(count('chat', 'ollama', '200')).toBe(3);
    expect(count(vllmModel, 'vllm', '200')).toBe(3);
    expect(count('qwen2.5:0.5b', 'ollama', '200')).toBe(1);
    expect(count('unknown', 'none', '404')).toBe(1);
    expect(count('unknown', 'none', '400')).toBe(1);
  });

  it('fills the duration histogram: _count, cumulative buckets ending at +Inf', () => {
    const labels = { route: chatRoute, model: 'chat', connection: 'ollama' };
    expect(valueOf(samples, 'switchyard_request_duration_seconds_count', labels)).toBe(3);
    expect(valueOf(samples, 'switchyard_request_duration_seconds_sum', labels)).toBeGreaterThan(0);
    const buckets = bucketsOf(samples, 'switchyard_request_duration_seconds', labels);
    expect(buckets.at(-1)).toEqual(['+Inf', 3]);
    for (const [index, [, value]] of buckets.entries()) if (index > 0) expect(value).toBeGreaterThanOrEqual(buckets[index - 1]?.[1] ?? 0);
    expect(valueOf(samples, 'switchyard_request_duration_seconds_count', { route: chatRoute, model: 'unknown', connection: 'none' })).toBe(2);
  });

  it('puts a 300 ms first byte above the 0.25 s bucket of both histograms', () => {
    const labels = { model: 'qwen2.5:0.5b', connection: 'ollama' };
    const ttft = bucketsOf(samples, 'switchyard_time_to_first_token_seconds', labels);
    expect(ttft.find(([le]) => le === '0.25')?.[1]).toBe(0);
    expect(ttft.find(([le]) => le === '+Inf')?.[1]).toBe(1);
    expect(valueOf(samples, 'switchyard_time_to_first_token_seconds_sum', labels)).toBeGreaterThanOrEqual(0.3);
    const duration = bucketsOf(samples, 'switchyard_request_duration_seconds', { route: chatRoute, ...labels });
    expect(duration.find(([le]) => le === '0.25')?.[1]).toBe(0);
    expect(duration.find(([le]) => le === '+Inf')?.[1]).toBe(1);
  });

  it('observes time to first token for answered requests in both modes, not for refused ones', () => {
    expect(valueOf(samples, 'switchyard_time_to_first_token_seconds_count', { model: 'chat', connection: 'ollama' })).toBe(3);
    expect(valueOf(samples, 'switchyard_time_to_first_token_seconds_count', { model: vllmModel, connection: 'vllm' })).toBe(3);
    expect(findSamples(samples, 'switchyard_time_to_first_token_seconds_count', { connection: 'none' })).toEqual([]);
  });

  it("counts Ollama's prompt_eval_count/eval_count, streamed or not", () => {
    // The stand-in counts words: "one two three" → 3, "Hello! You said: one two three" → 6.
    expect(valueOf(samples, 'switchyard_tokens_total', { model: 'chat', connection: 'ollama', kind: 'prompt' })).toBe(3 + 3 + 2);
    expect(valueOf(samples, 'switchyard_tokens_total', { model: 'chat', connection: 'ollama', kind: 'completion' })).toBe(6 + 6 + 5);
  });

  it('counts passthrough usage from the JSON body and from the SSE usage chunk', () => {
    // A stream without include_usage carries no usage; the request is passed through unaltered.
    expect(valueOf(samples, 'switchyard_tokens_total', { model: vllmModel, connection: 'vllm', kind: 'prompt' })).toBe(2 + 3);
    expect(valueOf(samples, 'switchyard_tokens_total', { model: vllmModel, connection: 'vllm', kind: 'completion' })).toBe(5 + 6);
  });

  it('starts connection series at zero, before any event', () => {
    expect(valueOf(samples, 'switchyard_upstream_errors_total', { connection: 'vllm', reason: 'refused' })).toBe(0);
    expect(valueOf(samples, 'switchyard_inflight_requests', { connection: 'vllm' })).toBe(0);
    expect(findSamples(samples, 'switchyard_connection_up')).toHaveLength(2);
  });

  it("exposes prom-client's default process metrics", () => {
    expect(findSamples(samples, 'process_cpu_seconds_total')).toHaveLength(1);
    expect(findSamples(samples, 'nodejs_eventloop_lag_seconds')).toHaveLength(1);
  });
});

describe('time to first token', () => {
  const track = closeAfterAll();
  let observed: ObservedGateway;

  beforeAll(async () => {
    observed = track(await startObservedGateway({ ollama: { chunkDelayMs: 60 }, vllm: { chunkDelayMs: 60 } }));
  });

  it.each([
    ['translated', 'chat'],
    ['passthrough', vllmModel],
  ])('is taken at the first streamed byte, not at the end (%s)', async (_mode, model) => {
    const response = await observed.chat(model, 'one two three four', { stream: true }, { 'x-request-id': `ttft-${_mode}` });
    await response.text();
    const line = await eventually('the request log line', () => {
      const found = observed.gateway.logs.find((entry) => entry.request_id === `ttft-${_mode}`);
      expect(found).toBeDefined();
      return found as { ttft_ms: number; duration_ms: number };
    });
    // About nine chunks 60 ms apart: the first byte comes long before the end.
    expect(line.duration_ms).toBeGreaterThan(400);
    expect(line.ttft_ms).toBeLessThan(line.duration_ms - 250);
  });
});
