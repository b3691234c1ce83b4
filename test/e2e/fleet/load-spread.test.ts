/**
 * Load spreads by capacity, speed and what the upstreams report: `least_busy` weighs each
 * warm box's requests against its `max_concurrency`, keeps a cold box out while a warm one
 * has room, sends more to the box that finishes sooner, and stays off a vLLM whose own
 * `/metrics` reports a queue.
 */
import { describe, expect, it } from 'vitest';
import { closeAfterEach } from '../../support/close-after.js';
import { eventually } from '../../support/eventually.js';
import { startFleetBox, type FleetBox } from '../../support/stand-ins/stand-in-fleet-box.js';
import {
  chatBody,
  countsOf,
  ollamaConnection,
  ollamaModel,
  readRoutingDecisions,
  sendChat,
  startFleetGateway,
  vllmConnection,
  vllmModel,
  type ChatAnswer,
} from './fleet-fixtures.js';

const track = closeAfterEach();

describe('by capacity', () => {
  it('fills a warm box of max_concurrency 4 twice as fast as one of 2, and the cold box only once both are full', async () => {
    const boxes: Record<'big' | 'small' | 'cold', FleetBox> = {
      big: track(await startFleetBox({ resident: [ollamaModel] })),
      small: track(await startFleetBox({ resident: [ollamaModel] })),
      cold: track(await startFleetBox({ models: [ollamaModel], coldLoadMs: 100 })),
    };
    const gateway = await startFleetGateway(track, [
      ollamaConnection('big', boxes.big, { max_concurrency: 4 }),
      ollamaConnection('small', boxes.small, { max_concurrency: 2 }),
      ollamaConnection('cold', boxes.cold, { max_concurrency: 2 }),
    ]);
    const releases = [boxes.big.hold(), boxes.small.hold()];
    const answers: Array<Promise<ChatAnswer>> = [];
    const counts: Array<Record<string, number>> = [];
    for (let index = 0; index < 6; index += 1) {
      answers.push(sendChat(gateway, chatBody(`held ${index}`)));
      await eventually(`request ${index} at a warm box`, () => boxes.big.requests.length + boxes.small.requests.length === index + 1);
      counts.push(countsOf(boxes));
    }
    // Load counts against capacity: after three requests the larger box holds two of them.
    expect(counts[2]).toEqual({ big: 2, small: 1, cold: 0 });
    expect(counts[5]).toEqual({ big: 4, small: 2, cold: 0 });

    const spilled = await sendChat(gateway, chatBody('both full'));
    expect(spilled.status).toBe(200);
    expect(boxes.cold.requests.map((request) => request.text)).toEqual(['both full']);
    expect(boxes.cold.coldLoads).toBe(1);
    for (const release of releases) release();
    expect((await Promise.all(answers)).map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200, 200]);
    await eventually('the decisions counted', async () =>
      expect(await readRoutingDecisions(gateway)).toEqual({ 'big loaded': 4, 'small loaded': 2, 'cold cold': 1 }),
    );
  });
});

describe('by speed', () => {
  it('sends more of a sustained load to the warm box that answers faster', async () => {
    const fast = track(await startFleetBox({ resident: [ollamaModel], chunkDelayMs: 2 }));
    const slow = track(await startFleetBox({ resident: [ollamaModel], chunkDelayMs: 40 }));
    const gateway = await startFleetGateway(track, [ollamaConnection('fast', fast), ollamaConnection('slow', slow)]);
    // Three clients, each sending its next request once the last one was answered.
    const client = async (name: string) => {
      for (let index = 0; index < 8; index += 1) expect((await sendChat(gateway, chatBody(`${name} ${index}`))).status).toBe(200);
    };
    await Promise.all(['x', 'y', 'z'].map(client));
    expect(fast.requests.length + slow.requests.length).toBe(24);
    expect(slow.requests.length).toBeGreaterThan(0);
    expect(fast.requests.length).toBeGreaterThan(2 * slow.requests.length);
  });
});

describe('by what vLLM reports', () => {
  it('keeps requests off the vLLM box whose /metrics reports requests waiting', async () => {
    const boxes = {
      a: track(await startFleetBox({ kind: 'vllm', models: [vllmModel], chunkDelayMs: 0 })),
      b: track(await startFleetBox({ kind: 'vllm', models: [vllmModel], chunkDelayMs: 0 })),
    };
    const gateway = await startFleetGateway(track, [vllmConnection('a', boxes.a), vllmConnection('b', boxes.b)]);
    const queueOn = async (busy: 'a' | 'b', idle: 'a' | 'b') => {
      boxes[busy].reported = { waiting: 12, kvCacheUsage: 0.9 };
      boxes[idle].reported = {};
      await eventually(`the gateway reading ${busy}'s queue`, () => {
        expect(gateway.gateway.load.snapshot(busy)).toMatchObject({ sources: ['vllm_metrics'], running: 0, waiting: 12, kvCacheUsage: 0.9 });
        expect(gateway.gateway.load.snapshot(idle)).toMatchObject({ waiting: 0 });
      });
    };
    const send = async (prefix: string) => {
      for (let index = 0; index < 5; index += 1) expect((await sendChat(gateway, chatBody(`${prefix} ${index}`, vllmModel))).status).toBe(200);
    };

    await queueOn('a', 'b');
    await send('first');
    expect(countsOf(boxes)).toEqual({ a: 0, b: 5 });
    // The same boxes with the queue moved: the traffic moves with it.
    await queueOn('b', 'a');
    await send('second');
    expect(countsOf(boxes)).toEqual({ a: 5, b: 5 });
    await eventually('the decisions counted', async () =>
      expect(await readRoutingDecisions(gateway)).toEqual({ 'a least_busy': 5, 'b least_busy': 5 }),
    );
  });
});
