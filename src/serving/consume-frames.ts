import type { Readable } from 'node:stream';
import type { Response } from 'express';
import { upstreamError } from '../../core/gateway-error.js';
import { waitForDrain } from '../streaming/sse-writer.js';

/**
 * Hands each parsed frame to `onFrame` as it arrives. Event-driven rather than `for await`:
 * this runs once per token of every stream. While the client is slow the upstream is
 * paused, so nothing piles up.
 */
export function consumeFrames(frames: Readable, res: Response, onFrame: (frame: unknown) => boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    frames.on('data', (frame: unknown) => {
      let writable: boolean;
      try {
        writable = onFrame(frame);
      } catch (error) {
        frames.destroy();
        reject(error);
        return;
      }
      if (!writable) {
        frames.pause();
        void waitForDrain(res).then(() => frames.resume());
      }
    });
    frames.once('end', resolve);
    frames.once('error', reject);
    frames.once('close', () => {
      if (!frames.readableEnded) reject(upstreamError('The upstream stream closed before it was complete.', 'disconnected'));
    });
  });
}
