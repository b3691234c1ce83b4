/**
 * What the hardening suites send and look for: the stand-ins' model names, a chat body
 * that carries a `[scenario:…]` directive for the stand-in, and the inference requests a
 * stand-in received.
 */
import { eventually } from '../../support/eventually.js';
import type { Scenario } from '../../support/stand-ins/stand-in-scenario.js';
import type { RecordedRequest, StandIn } from '../../support/stand-ins/stand-in-types.js';

export const OLLAMA_MODEL = 'llama3.2:1b';
export const VLLM_MODEL = 'Qwen/Qwen2.5-0.5B-Instruct';

/**
 * The bound on cancellation (100 ms), plus slack for a loaded two-core CI machine
 * running two test files at once. A gateway that does not cancel takes seconds, not 150 ms.
 */
export const CANCEL_WITHIN_MS = 100 + 50;

/** A chat body whose last user message carries a stand-in scenario directive. */
export function chat(model: string, options: { stream?: boolean; scenario?: Scenario; text?: string } = {}): Record<string, unknown> {
  const directive = options.scenario ? ` [scenario:${options.scenario}]` : '';
  return { model, stream: options.stream ?? false, messages: [{ role: 'user', content: `${options.text ?? 'hello there'}${directive}` }] };
}

export function inferenceRequests(standIn: StandIn): RecordedRequest[] {
  return standIn.requests.filter((request) => request.method === 'POST');
}

/** The newest inference request the stand-in received, once its body has been read. */
export async function nextInference(standIn: StandIn, countBefore: number): Promise<RecordedRequest> {
  await eventually('the upstream to receive the request', () => inferenceRequests(standIn).length > countBefore && inferenceRequests(standIn)[countBefore]?.body !== undefined);
  return inferenceRequests(standIn)[countBefore] as RecordedRequest;
}
