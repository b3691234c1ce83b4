/**
 * Waiting with a deadline: `eventually` polls a condition or an assertion (metrics and
 * logs are written when a response closes, a moment after the client read it), `within`
 * bounds one promise. Both name what they waited for when time runs out.
 */
import { setTimeout as sleep } from 'node:timers/promises';

const pollEveryMs = 10;

/**
 * Calls `check` until it returns something other than `false` without throwing, and
 * resolves with that value. After `timeoutMs` it rethrows the last assertion error, or
 * fails naming `what` when the check kept returning false.
 */
export async function eventually<T>(what: string, check: () => T | Promise<T>, timeoutMs = 3000): Promise<Exclude<T, false>> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    let failure: unknown;
    try {
      const value = await check();
      if (value !== false) return value as Exclude<T, false>;
    } catch (error) {
      failure = error;
    }
    if (performance.now() > deadline) throw failure ?? new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(pollEveryMs);
  }
}

/** Resolves with the promise's value, or rejects naming what was awaited after `ms`. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
