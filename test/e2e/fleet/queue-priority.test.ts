/**
 * Queue classes: requests waiting for a connection at its `max_concurrency` are served by
 * their `x-switchyard-priority` (`high`, `normal`, `low`; anything else counts as
 * `normal`), first come first served within a class, as the order the box receives them
 * shows.
 */
import { describe, expect, it } from 'vitest';
import { closeAfterEach } from '../../support/close-after.js';
import { startFleetBox } from '../../support/stand-ins/stand-in-fleet-box.js';
import { chatBody, ollamaConnection, ollamaModel, sendChat, startFleetGateway, waitForArrivals, waitForQueued, type ChatAnswer } from './fleet-fixtures.js';

const track = closeAfterEach();

/** In the order they are sent, each with the class header it carries. */
const queued = [
  { text: 'low 1', priority: 'low' },
  { text: 'normal 1', priority: 'normal' },
  { text: 'low 2', priority: 'low' },
  { text: 'high 1', priority: 'high' },
  { text: 'unknown class', priority: 'urgent' },
  { text: 'no header', priority: undefined },
  { text: 'high 2', priority: 'HIGH' },
];

describe('x-switchyard-priority', () => {
  it('serves the queue high first, then normal, then low, first come first served within a class', async () => {
    const box = track(await startFleetBox({ resident: [ollamaModel], chunkDelayMs: 0 }));
    const gateway = await startFleetGateway(track, [ollamaConnection('box', box, { max_concurrency: 1 })]);
    const release = box.hold();
    const answers: Array<Promise<ChatAnswer>> = [sendChat(gateway, chatBody('holds the slot'))];
    await waitForArrivals(box, 1);
    for (const [index, { text, priority }] of queued.entries()) {
      answers.push(sendChat(gateway, chatBody(text), priority === undefined ? {} : { 'x-switchyard-priority': priority }));
      // One at a time, so the order they joined the queue is the order they were sent.
      await waitForQueued(gateway, 'box', index + 1);
    }
    release();
    expect((await Promise.all(answers)).map((answer) => answer.status)).toEqual(Array(queued.length + 1).fill(200));
    expect(box.requests.map((request) => request.text)).toEqual([
      'holds the slot',
      'high 1',
      'high 2',
      'normal 1',
      'unknown class',
      'no header',
      'low 1',
      'low 2',
    ]);
  });
});
