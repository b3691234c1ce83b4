/**
 * Warm boxes win: with `least_busy`, a model goes to the box that holds it in memory (as
 * its `/api/ps` says) rather than to one that would have to load it first; `round_robin`,
 * blind to what is loaded, spreads the same traffic and makes the other boxes load it.
 */
import { describe, expect, it } from 'vitest';
import { closeAfterEach } from '../../support/close-after.js';
import { eventually } from '../../support/eventually.js';
import { findSamples, scrape } from '../../support/prometheus-text.js';
import { startFleetBox, type FleetBox } from '../../support/stand-ins/stand-in-fleet-box.js';
import { chatBody, countsOf, ollamaConnection, ollamaModel, readRoutingDecisions, sendChat, startFleetGateway } from './fleet-fixtures.js';

const track = closeAfterEach();
const burst = 6;

/** Three boxes serving the model; only `b` holds it in memory. */
async function startThreeBoxes(): Promise<Record<'a' | 'b' | 'c', FleetBox>> {
  const start = (resident: string[]) => startFleetBox({ models: [ollamaModel], resident, coldLoadMs: 50, chunkDelayMs: 0 });
  return { a: track(await start([])), b: track(await start([ollamaModel])), c: track(await start([])) };
}

async function sendBurst(gateway: { url: string }): Promise<void> {
  for (let index = 0; index < burst; index += 1) {
    expect((await sendChat(gateway, chatBody(`request ${index}`))).status).toBe(200);
  }
}

describe('least_busy', () => {
  it('sends every request of a burst to the one box where the model is loaded, with no cold load', async () => {
    const boxes = await startThreeBoxes();
    const gateway = await startFleetGateway(
      track,
      Object.entries(boxes).map(([name, box]) => ollamaConnection(name, box)),
      { routing: { strategy: 'least_busy' } },
    );
    await sendBurst(gateway);
    expect(countsOf(boxes)).toEqual({ a: 0, b: burst, c: 0 });
    expect(Object.values(boxes).map((box) => box.coldLoads)).toEqual([0, 0, 0]);
    await eventually('the decisions counted', async () => expect(await readRoutingDecisions(gateway)).toEqual({ 'b loaded': burst }));
    // The boxes that list the model but do not hold it read 0, the one that does 1.
    const loaded = findSamples(await scrape(gateway.url), 'switchyard_model_loaded', { model: ollamaModel });
    expect(loaded.map((sample) => `${sample.labels.connection} ${sample.value}`).sort()).toEqual(['a 0', 'b 1', 'c 0']);
  });
});

describe('round_robin', () => {
  it('spreads the same burst over every box, which makes the cold ones load the model', async () => {
    const boxes = await startThreeBoxes();
    const gateway = await startFleetGateway(
      track,
      Object.entries(boxes).map(([name, box]) => ollamaConnection(name, box)),
      { routing: { strategy: 'round_robin' } },
    );
    await sendBurst(gateway);
    expect(countsOf(boxes)).toEqual({ a: 2, b: 2, c: 2 });
    expect(Object.values(boxes).map((box) => box.coldLoads)).toEqual([1, 0, 1]);
    // The boxes that loaded it now say so in /api/ps, and the gateway's next poll reads it.
    await eventually('the model loaded everywhere', async () => {
      const loaded = findSamples(await scrape(gateway.url), 'switchyard_model_loaded', { model: ollamaModel });
      expect(loaded.map((sample) => `${sample.labels.connection} ${sample.value}`).sort()).toEqual(['a 1', 'b 1', 'c 1']);
    });
    await eventually('the decisions counted', async () =>
      expect(await readRoutingDecisions(gateway)).toEqual({ 'a round_robin': 2, 'b round_robin': 2, 'c round_robin': 2 }),
    );
  });
});
