/**
 * Usage read from a passthrough answer while it is relayed: the client gets each chunk as
 * it arrives, and the token counts still reach the metrics once the stream ended.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { closeAfterAll } from '../../support/close-after.js';
import { eventually } from '../../support/eventually.js';
import { valueOf } from '../../support/prometheus-text.js';
import { startObservedGateway, vllmModel, type ObservedGateway } from './observed-gateway.js';

describe('passthrough usage reading', () => {
  const track = closeAfterAll();
  let observed: ObservedGateway;

  beforeAll(async () => {
    observed = track(await startObservedGateway({ vllm: { chunkDelayMs: 150 } }));
  });

  it('hands each chunk to the client as it arrives, before the upstream has finished', async () => {
    const response = await observed.chat(vllmModel, 'one two three', { stream: true, stream_options: { include_usage: true } });
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toMatch(/^data: /);
    const upstream = observed.vllm.requests.filter((request) => request.method === 'POST').at(-1);
    expect(upstream?.finished).toBe(false);
    while (!(await reader.read()).done);
    await eventually('the completion tokens in the metrics', async () => expect(valueOf(await observed.scrape(), 'switchyard_tokens_total', { model: vllmModel, connection: 'vllm', kind: 'completion' })).toBe(6));
  });
});
