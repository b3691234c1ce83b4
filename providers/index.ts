import type { Adapter } from '../core/adapter.js';
import { createOllamaAdapter, type OllamaSettings } from './ollama/index.js';
import { createOpenAICompatibleAdapter, type OpenAICompatibleSettings } from './openai-compatible/index.js';

/** The settings a connection of each `mode` hands its adapter. */
export type AdapterSettings = ({ mode: 'ollama' } & OllamaSettings) | ({ mode: 'openai_compatible' } & OpenAICompatibleSettings);

/** The adapter for a configured connection, chosen by its `mode`. */
export function createAdapter(settings: AdapterSettings): Adapter {
  switch (settings.mode) {
    case 'ollama':
      return createOllamaAdapter(settings);
    case 'openai_compatible':
      return createOpenAICompatibleAdapter(settings);
  }
}
