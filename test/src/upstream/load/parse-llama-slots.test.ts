/**
 * Bodies shaped as llama-server answers `GET /slots` (tools/server/README.md, "GET
 * /slots"): one object per parallel slot with id, id_task, n_ctx, speculative,
 * is_processing, params and next_token; params are cut short here. Older builds sent
 * `state` (0 idle, 1 processing) in place of `is_processing`.
 */
import { describe, expect, it } from 'vitest';
import { parseLlamaSlots } from '../../../../src/upstream/load/parse-llama-slots.js';

function slot(id: number, processing: boolean): Record<string, unknown> {
  return {
    id,
    id_task: processing ? 412 + id : -1,
    n_ctx: 16384,
    speculative: false,
    is_processing: processing,
    params: { n_predict: -1, seed: 4294967295, temperature: 0.800000011920929, top_k: 40, top_p: 0.949999988079071, stream: true, samplers: ['penalties', 'dry', 'top_k', 'temperature'] },
    next_token: { has_next_token: processing, has_new_line: false, n_remain: -1, n_decoded: processing ? 57 : 0 },
  };
}

describe('parseLlamaSlots', () => {
  it.each([
    ['four slots, three busy', [slot(0, true), slot(1, true), slot(2, false), slot(3, true)], { running: 3, slots: { busy: 3, total: 4 } }],
    ['one idle slot', [slot(0, false)], { running: 0, slots: { busy: 0, total: 1 } }],
    ['an older build that sends state', [{ id: 0, state: 1, n_ctx: 4096 }, { id: 1, state: 0, n_ctx: 4096 }], { running: 1, slots: { busy: 1, total: 2 } }],
  ])('reads %s', (_, body, signals) => {
    expect(parseLlamaSlots(JSON.stringify(body))).toEqual(signals);
  });

  it.each([
    ['the 501 of --no-slots', '{"error":{"code":501,"message":"This server does not support slots endpoint. Start it with `--slots`","type":"not_supported_error"}}'],
    ['an empty list', '[]'],
    ['slots that say nothing about being busy', '[{"id":0,"n_ctx":4096}]'],
    ["an OpenAI model list", '{"object":"list","data":[{"id":"m","object":"model"}]}'],
    ['text that is not JSON', 'File Not Found'],
  ])('finds nothing in %s', (_, body) => {
    expect(parseLlamaSlots(body)).toBeUndefined();
  });
});
