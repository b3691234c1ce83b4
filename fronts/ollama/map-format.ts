/**
 * Ollama's `format` as `response_format`: `"json"` is JSON mode (`json_object`), a JSON
 * schema is structured output (`json_schema`, with the schema as given). OpenAI requires
 * the schema to have a name and Ollama's has none, so it is called `response`. An empty
 * string or null asks for nothing, as in Ollama.
 */
import type { ChatCompletionRequest } from '../../core/openai-types.js';
import type { OllamaFormat } from './ollama-requests.js';

export function mapFormat(format: OllamaFormat | undefined): ChatCompletionRequest['response_format'] {
  if (format === 'json') {
    return { type: 'json_object' };
  }
  if (format === undefined || format === null || format === '') {
    return undefined;
  }
  return { type: 'json_schema', json_schema: { name: 'response', schema: format } };
}
