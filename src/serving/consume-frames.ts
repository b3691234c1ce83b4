import type { Readable } from 'node:stream';
import type { Response } from 'express';
import { upstreamError } from '../../core/gateway-error.js';
import { waitForDrain } from '../streaming/sse-writer.js';

/**
 * Hands each parsed frame to `onFrame` as it arrives. Event-driven rather than `for await`:
 * this runs once per token of every stream. While the client is slow the upstream is
 * paused, so nothing piles up; while an async `onFrame` (a hook) runs, too, so frames stay
 * in order.
 */
export function consumeFrames(frames: Readable, res: Response, onFrame: (frame: unknown) => boolean | Promise<boolean>): Promise<void> {
  return new Promise((resolve, reject) => {
    const fail = (error: unknown) => {
      frames.destroy();
      reject(error);
    };
    const carryOn = (writable: boolean) => {
      if (writable) frames.resume();
      else void waitForDrain(res).then(() => frames.resume());
    };
    frames.on('data', (frame: unknown) => {
      let writable: boolean | Promise<boolean>;
      try {
        writable = onFrame(frame);
      } catch (error) {
        fail(error);
        return;
      }
      if (writable === true) return;
      frames.pause();
      if (writable === false) carryOn(false);
      else writable.then(carryOn, fail);
    });
    frames.once('end', resolve);
    frames.once('error', reject);
    frames.once('close', () => {
      if (!frames.readableEnded) reject(upstreamError('The upstream stream closed before it was complete.', 'disconnected'));
    });
  });
}
