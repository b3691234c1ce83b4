import type { Adapter } from '../core/adapter.js';
import type { ConnectionConfig } from '../config/schema.js';
import { createOllamaAdapter } from './ollama/index.js';
import { createOpenAICompatibleAdapter } from './openai-compatible/index.js';

/** The adapter for a configured connection, chosen by its `mode`. */
export function createAdapter(connection: ConnectionConfig): Adapter {
  switch (connection.mode) {
    case 'ollama':
      return createOllamaAdapter(connection);
    case 'openai_compatible':
      return createOpenAICompatibleAdapter(connection);
  }
}
