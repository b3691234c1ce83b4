/**
 * Affinity across replicas: two `switchyard` processes started from the same
 * configuration file, sharing nothing, send each turn of a chat to the same box whichever
 * of them the turn reaches (a load balancer in front may alternate between them).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { closeAfterEach } from '../../support/close-after.js';
import { eventually } from '../../support/eventually.js';
import { spawnCli, waitForListening } from '../../support/gateway.js';
import { findSamples, scrape } from '../../support/prometheus-text.js';
import { startFleetBox, type FleetBox } from '../../support/stand-ins/stand-in-fleet-box.js';
import { boxOf, conversationTurn, ollamaConnection, ollamaModel, pollIntervalMs, sendChat, turnText } from './fleet-fixtures.js';

const track = closeAfterEach();

async function writeConfigFile(boxes: Record<string, FleetBox>): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'switchyard-fleet-'));
  track({ close: () => rm(folder, { recursive: true, force: true }) });
  const file = join(folder, 'gateway.yaml');
  const config = {
    server: { host: '127.0.0.1', port: 0, log_format: 'json', log_level: 'info' },
    state: { store: 'memory' },
    health_checks: { interval_ms: pollIntervalMs, timeout_ms: 1000 },
    routing: { affinity: 'conversation' },
    connections: Object.entries(boxes).map(([name, box]) => ollamaConnection(name, box)),
  };
  // JSON is YAML.
  await writeFile(file, JSON.stringify(config, null, 2));
  return file;
}

/** Starts a process and waits until it sees the model loaded on every box. */
async function startReplica(file: string, names: string[]): Promise<string> {
  const url = await waitForListening(track(spawnCli(['--config', file])));
  await eventually(
    `${url} reading every box's /api/ps`,
    async () => {
      const loaded = findSamples(await scrape(url), 'switchyard_model_loaded', { model: ollamaModel }).filter((sample) => sample.value === 1);
      return loaded.length === names.length;
    },
    10_000,
  );
  return url;
}

describe('two gateway processes with affinity: conversation', { timeout: 40_000 }, () => {
  it('send every turn of a chat to the same box, whichever process it reaches', async () => {
    const boxes: Record<string, FleetBox> = {};
    for (const name of ['a', 'b', 'c']) boxes[name] = track(await startFleetBox({ resident: [ollamaModel], chunkDelayMs: 0 }));
    const file = await writeConfigFile(boxes);
    const replicas = await Promise.all([startReplica(file, Object.keys(boxes)), startReplica(file, Object.keys(boxes))]);

    const chats = ['chat-1', 'chat-2', 'chat-3', 'chat-4', 'chat-5', 'chat-6'];
    for (let turn = 0; turn < 4; turn += 1) {
      for (const chat of chats) {
        const answer = await sendChat({ url: replicas[turn % 2]! }, conversationTurn(chat, turn));
        expect(answer.status).toBe(200);
      }
    }
    const homes = chats.map((chat) => [0, 1, 2, 3].map((turn) => boxOf(boxes, turnText(chat, turn))));
    for (const [first, ...later] of homes) expect(later).toEqual([first, first, first]);
    // Not one box for everything: the agreement is per chat.
    expect(new Set(homes.map(([first]) => first)).size).toBeGreaterThan(1);
  });
});
