/**
 * `routing.affinity: conversation` in one gateway: every turn of a chat (the same system
 * prompt and first question, a growing history) lands on the box that holds its prompt
 * cache, different chats spread over the boxes, and a turn whose box is saturated or
 * down goes to another one.
 */
import { describe, expect, it } from 'vitest';
import { closeAfterEach } from '../../support/close-after.js';
import { eventually } from '../../support/eventually.js';
import { startFleetBox, type FleetBox } from '../../support/stand-ins/stand-in-fleet-box.js';
import {
  boxOf,
  conversationTurn,
  ollamaConnection,
  ollamaModel,
  readRoutingDecisions,
  sendChat,
  startFleetGateway,
  turnText,
  type ConnectionInput,
} from './fleet-fixtures.js';

const track = closeAfterEach();

/** Three boxes holding the model, each behind a connection with the given settings. */
async function startAffinityFleet(settings: Partial<ConnectionInput> = {}) {
  const boxes: Record<string, FleetBox> = {};
  for (const name of ['a', 'b', 'c']) boxes[name] = track(await startFleetBox({ resident: [ollamaModel], chunkDelayMs: 0 }));
  const connections = Object.entries(boxes).map(([name, box]) => ollamaConnection(name, box, settings));
  const gateway = await startFleetGateway(track, connections, { routing: { affinity: 'conversation' } });
  return { boxes, gateway };
}

async function sendTurn(gateway: { url: string }, name: string, turn: number): Promise<void> {
  const answer = await sendChat(gateway, conversationTurn(name, turn));
  expect(answer.status).toBe(200);
  expect(answer.content).toBe(`Hello! You said: ${turnText(name, turn)}`);
}

describe('affinity: conversation', () => {
  it('keeps every turn of a chat on one box while different chats spread over the boxes', async () => {
    const { boxes, gateway } = await startAffinityFleet();
    const chats = ['chat-1', 'chat-2', 'chat-3', 'chat-4', 'chat-5', 'chat-6'];
    // Turn by turn across the chats, so each chat's turns are interleaved with the others'.
    for (let turn = 0; turn < 3; turn += 1) for (const chat of chats) await sendTurn(gateway, chat, turn);

    const homes = chats.map((chat) => [0, 1, 2].map((turn) => boxOf(boxes, turnText(chat, turn))));
    for (const [first, ...later] of homes) expect(later).toEqual([first, first]);
    expect(new Set(homes.map(([first]) => first)).size).toBeGreaterThan(1);
    await eventually('the decisions counted', async () => {
      const decisions = await readRoutingDecisions(gateway);
      expect(Object.keys(decisions).every((key) => key.endsWith(' affinity'))).toBe(true);
      expect(Object.values(decisions).reduce((sum, count) => sum + count, 0)).toBe(18);
    });
  });

  it('chooses among the boxes that hold the model, whatever the hash of a chat prefers', async () => {
    const boxes: Record<string, FleetBox> = {
      a: track(await startFleetBox({ models: [ollamaModel], coldLoadMs: 50, chunkDelayMs: 0 })),
      b: track(await startFleetBox({ resident: [ollamaModel], chunkDelayMs: 0 })),
      c: track(await startFleetBox({ models: [ollamaModel], coldLoadMs: 50, chunkDelayMs: 0 })),
    };
    const connections = Object.entries(boxes).map(([name, box]) => ollamaConnection(name, box));
    const gateway = await startFleetGateway(track, connections, { routing: { affinity: 'conversation' } });
    // The same chats that spread over three warm boxes in the test above.
    for (const chat of ['chat-1', 'chat-2', 'chat-3', 'chat-4', 'chat-5', 'chat-6']) await sendTurn(gateway, chat, 0);
    expect(Object.values(boxes).map((box) => box.requests.length)).toEqual([0, 6, 0]);
    expect(Object.values(boxes).map((box) => box.coldLoads)).toEqual([0, 0, 0]);
  });

  it('sends a turn to another box while its own is saturated, and back once it has room', async () => {
    const { boxes, gateway } = await startAffinityFleet({ max_concurrency: 1 });
    await sendTurn(gateway, 'chat', 0);
    const home = boxOf(boxes, turnText('chat', 0))!;
    const release = boxes[home]!.hold();
    const held = sendTurn(gateway, 'chat', 1);
    await eventually('turn 1 at its box', () => boxOf(boxes, turnText('chat', 1)) === home);

    await sendTurn(gateway, 'chat', 2);
    const elsewhere = boxOf(boxes, turnText('chat', 2));
    expect(elsewhere).toBeDefined();
    expect(elsewhere).not.toBe(home);
    release();
    await held;
    const homeConnection = gateway.gateway.connections.find((connection) => connection.name === home)!;
    await eventually(`the slot of ${home} free`, () => homeConnection.limiter.inUse === 0);
    await sendTurn(gateway, 'chat', 3);
    expect(boxOf(boxes, turnText('chat', 3))).toBe(home);
  });

  it('sends a turn to another box once its own is down, and keeps the chat there', async () => {
    const { boxes, gateway } = await startAffinityFleet();
    await sendTurn(gateway, 'chat', 0);
    const home = boxOf(boxes, turnText('chat', 0))!;
    await boxes[home]!.close();

    // Sent at once, before the gateway noticed: the refused attempt moves on to another box.
    await sendTurn(gateway, 'chat', 1);
    expect(boxOf(boxes, turnText('chat', 1))).not.toBe(home);
    await eventually(`the load signals of ${home} gone`, () => gateway.gateway.load.snapshot(home) === undefined);
    await sendTurn(gateway, 'chat', 2);
    await sendTurn(gateway, 'chat', 3);
    const newHome = boxOf(boxes, turnText('chat', 2));
    expect(newHome).not.toBe(home);
    expect(boxOf(boxes, turnText('chat', 3))).toBe(newHome);
  });
});
