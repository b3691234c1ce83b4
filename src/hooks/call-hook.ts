/**
 * Calls one hook function, bounded by its `timeout_ms`, and turns whatever goes wrong into
 * the request's GatewayError, so that a hook can fail a request but never hang it or stop
 * the process:
 *
 * - a throw of an error with an HTTP `status` (400-599) and a `message` is a refusal:
 *   that status, with the hook's message, code `hook_refused`;
 * - any other throw or rejection, or a replacement that is not an object: 500
 *   `hook_failed` naming the hook, logged once with the stack;
 * - no answer within `timeout_ms`: 500 `hook_timeout` naming the hook, logged once.
 *
 * A synchronous hook that blocks the event loop cannot be interrupted; the bound holds for
 * hooks that wait (I/O, timers), which is what a slow hook does.
 */
import { GatewayError } from '../../core/gateway-error.js';
import { describeValue } from './describe-value.js';
import type { HookLogger, HookPhase, LoadedHook } from './hook-types.js';

/** Where a call happens, for errors and log lines. */
export interface HookCall {
  hook: LoadedHook;
  phase: HookPhase;
  requestId: string;
  logger: HookLogger;
}

/** The hook's replacement, or undefined when it returned nothing. */
export async function callHook<Value extends object>(call: HookCall, run: () => unknown): Promise<Value | undefined> {
  let result: unknown;
  try {
    result = run();
    if (isThenable(result)) result = await bound(call, result);
  } catch (error) {
    throw error instanceof HookTimeout ? timedOut(call) : failed(call, error);
  }
  if (result === undefined) return undefined;
  if (typeof result !== 'object' || result === null || Array.isArray(result)) {
    throw failed(call, new TypeError(`${call.phase} returned ${describeValue(result)} instead of an object or nothing`));
  }
  return result as Value;
}

/** The error of a hook that was called correctly but gave something the gateway cannot use. */
export function invalidReplacement(call: HookCall, message: string): GatewayError {
  return failed(call, new TypeError(message));
}

class HookTimeout extends Error {}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

async function bound(call: HookCall, pending: PromiseLike<unknown>): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new HookTimeout()), call.hook.timeoutMs);
  });
  try {
    // A hook that settles after the bound settles into a race already lost: its late
    // rejection is handled there and cannot become an unhandled rejection.
    return await Promise.race([pending, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function failed(call: HookCall, error: unknown): GatewayError {
  const refusal = readRefusal(error);
  if (refusal !== undefined) {
    return new GatewayError({
      status: refusal.status,
      type: refusal.status < 500 ? 'invalid_request_error' : 'server_error',
      code: 'hook_refused',
      message: refusal.message,
    });
  }
  call.logger.error({ err: error, hook: call.hook.name, phase: call.phase, requestId: call.requestId }, `hook ${call.hook.name} failed in ${call.phase}`);
  return new GatewayError({
    status: 500,
    type: 'server_error',
    code: 'hook_failed',
    message: `The hook '${call.hook.name}' failed in ${call.phase}; the gateway's log has the details.`,
  });
}

function timedOut(call: HookCall): GatewayError {
  const { hook, phase, requestId } = call;
  call.logger.warn({ hook: hook.name, phase, requestId, timeoutMs: hook.timeoutMs }, `hook ${hook.name} did not finish ${phase} in time`);
  return new GatewayError({
    status: 500,
    type: 'server_error',
    code: 'hook_timeout',
    message: `The hook '${hook.name}' did not finish ${phase} within ${hook.timeoutMs} ms.`,
  });
}

/** A refusal's status and message: `throw Object.assign(new Error('…'), { status: 403 })`, or a plain object. */
function readRefusal(error: unknown): { status: number; message: string } | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { status, message } = error as { status?: unknown; message?: unknown };
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 400 || status > 599) return undefined;
  if (typeof message !== 'string' || message === '') return undefined;
  return { status, message };
}
