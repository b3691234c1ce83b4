/**
 * llama-server's `GET /slots` as load signals: an array with one entry per parallel slot
 * (`--parallel`), each with `id`, `n_ctx` and `is_processing`. Builds from before
 * `is_processing` existed sent `state` instead (0 = idle). The server answers 501 when
 * started with `--no-slots`; in router mode it needs `?model=`, so a router is read from
 * its `/models` instead (parse-llama-router-models.ts).
 */
import { z } from 'zod';
import type { LoadSignals } from './load-snapshot.js';
import { readJsonText } from './read-json-text.js';

const slotsSchema = z
  .array(
    z.object({
      id: z.number(),
      is_processing: z.boolean().optional(),
      state: z.number().optional(),
    }),
  )
  .min(1);

/** The signals, or undefined when the body is not a slot list. */
export function parseLlamaSlots(text: string): LoadSignals | undefined {
  const parsed = slotsSchema.safeParse(readJsonText(text));
  if (!parsed.success) return undefined;
  const slots = parsed.data;
  if (slots.some((slot) => slot.is_processing === undefined && slot.state === undefined)) return undefined;
  const busy = slots.filter((slot) => slot.is_processing ?? slot.state !== 0).length;
  return { running: busy, slots: { busy, total: slots.length } };
}

