/**
 * Ollama's `GET /api/ps` as load signals: the models held in memory, each with when it
 * will be unloaded (`expires_at`) and the context it was loaded with (`context_length`,
 * absent from older builds). An empty list is a real answer: nothing is loaded.
 */
import { z } from 'zod';
import type { LoadedModel, LoadSignals } from './load-snapshot.js';
import { readJsonText } from './read-json-text.js';

const psSchema = z.object({
  models: z
    .array(
      z.object({
        name: z.string().optional(),
        model: z.string().optional(),
        expires_at: z.string().optional(),
        context_length: z.number().optional(),
      }),
    )
    // Required: an error answer (`{"error": …}`) must not read as "nothing loaded".
    .nullable(),
});

/** Go's zero time, which Ollama writes for a time it does not have. */
const goZeroTime = /^0001-01-01T00:00:00/;

/** The signals, or undefined when the body is not a process list. */
export function parseOllamaPs(text: string): LoadSignals | undefined {
  const parsed = psSchema.safeParse(readJsonText(text));
  if (!parsed.success) return undefined;
  // Go encodes an empty slice as null in some builds; either way nothing is loaded.
  const loadedModels = (parsed.data.models ?? []).flatMap((entry): LoadedModel[] => {
    const model = entry.name ?? entry.model;
    if (!model) return [];
    return [
      {
        model,
        ...(entry.expires_at && !goZeroTime.test(entry.expires_at) ? { expiresAt: entry.expires_at } : {}),
        ...(entry.context_length ? { contextLength: entry.context_length } : {}),
      },
    ];
  });
  return { loadedModels };
}
