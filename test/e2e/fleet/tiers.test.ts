/**
 * `routing.strategy: priority`: the office's own box (tier 0) takes every request it has
 * room for; the rented one (tier 1) gets traffic only while tier 0 is saturated at its
 * `max_concurrency`, counted with reason `spill`, and none once tier 0 has room again.
 */
import { describe, expect, it } from 'vitest';
import { closeAfterEach } from '../../support/close-after.js';
import { eventually } from '../../support/eventually.js';
import { startFleetBox } from '../../support/stand-ins/stand-in-fleet-box.js';
import { chatBody, countsOf, ollamaConnection, ollamaModel, readRoutingDecisions, sendChat, startFleetGateway, waitForArrivals, waitForQueued } from './fleet-fixtures.js';

const track = closeAfterEach();

describe('strategy: priority', () => {
  it('spills to tier 1 only while every tier 0 slot is taken', async () => {
    const boxes = {
      office: track(await startFleetBox({ resident: [ollamaModel], chunkDelayMs: 0 })),
      rented: track(await startFleetBox({ resident: [ollamaModel], chunkDelayMs: 0 })),
    };
    const gateway = await startFleetGateway(
      track,
      [ollamaConnection('office', boxes.office, { priority: 0, max_concurrency: 2 }), ollamaConnection('rented', boxes.rented, { priority: 1 })],
      { routing: { strategy: 'priority' } },
    );
    const send = async (text: string) => expect((await sendChat(gateway, chatBody(text))).status).toBe(200);

    for (const text of ['idle 1', 'idle 2', 'idle 3']) await send(text);
    expect(countsOf(boxes)).toEqual({ office: 3, rented: 0 });

    const release = boxes.office.hold();
    const held = [sendChat(gateway, chatBody('held 1')), sendChat(gateway, chatBody('held 2'))];
    await waitForArrivals(boxes.office, 5);
    for (const text of ['spill 1', 'spill 2']) await send(text);
    expect(boxes.rented.requests.map((request) => request.text)).toEqual(['spill 1', 'spill 2']);

    release();
    expect((await Promise.all(held)).map((answer) => answer.status)).toEqual([200, 200]);
    // Tier 0's slots are back once the answers have closed there.
    await eventually('the office slots free', () => gateway.gateway.connections[0]!.limiter.inUse === 0);
    await send('idle again');
    expect(countsOf(boxes)).toEqual({ office: 6, rented: 2 });
    await eventually('the decisions counted', async () =>
      expect(await readRoutingDecisions(gateway)).toEqual({ 'office priority': 6, 'rented spill': 2 }),
    );
  });

  it('queues in tier 0 when every tier is saturated', async () => {
    const boxes = {
      office: track(await startFleetBox({ resident: [ollamaModel], chunkDelayMs: 0 })),
      rented: track(await startFleetBox({ resident: [ollamaModel], chunkDelayMs: 0 })),
    };
    const gateway = await startFleetGateway(
      track,
      [ollamaConnection('office', boxes.office, { priority: 0, max_concurrency: 1 }), ollamaConnection('rented', boxes.rented, { priority: 1, max_concurrency: 1 })],
      { routing: { strategy: 'priority' } },
    );
    const releases = [boxes.office.hold(), boxes.rented.hold()];
    const answers = [sendChat(gateway, chatBody('office')), sendChat(gateway, chatBody('rented'))];
    await waitForArrivals(boxes.office, 1);
    await waitForArrivals(boxes.rented, 1);
    answers.push(sendChat(gateway, chatBody('waits')));
    await waitForQueued(gateway, 'office', 1);
    expect(gateway.gateway.connections[1]!.limiter.queued).toBe(0);
    // Tier 1 freeing first changes nothing: the request waits for its place in tier 0.
    releases[1]!();
    await eventually('the rented slot free', () => gateway.gateway.connections[1]!.limiter.inUse === 0);
    expect(boxes.rented.requests.map((request) => request.text)).toEqual(['rented']);
    releases[0]!();
    expect((await Promise.all(answers)).map((answer) => answer.status)).toEqual([200, 200, 200]);
    expect(boxes.office.requests.map((request) => request.text)).toEqual(['office', 'waits']);
  });
});
