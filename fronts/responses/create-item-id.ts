/**
 * Ids for the items of a response, derived from the response's own id (`resp_<hex>` gives
 * `msg_<hex>_0`, `fc_<hex>_1`, …): unique because the response id is, stable for one
 * response whether it is streamed or not, and free of any randomness of their own, so the
 * translators stay pure. The prefixes are OpenAI's, which some clients check when items
 * are sent back as input.
 */
export type ItemKind = 'msg' | 'fc' | 'rs';

export function createItemId(kind: ItemKind, responseId: string, outputIndex: number): string {
  return `${kind}_${readIdBody(responseId)}_${outputIndex}`;
}

/** A call id for a tool call the backend gave none (OpenAI's chat ids are `call_…`). */
export function createCallId(responseId: string, outputIndex: number): string {
  return `call_${readIdBody(responseId)}_${outputIndex}`;
}

function readIdBody(responseId: string): string {
  return responseId.startsWith('resp_') ? responseId.slice('resp_'.length) : responseId;
}
