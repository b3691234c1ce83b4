import type { ChatCompletionRequest } from '../../core/openai-types.js';

type ResponseFormat = ChatCompletionRequest['response_format'];

/**
 * `response_format` as Ollama's `format`: `json_object` is JSON mode (`"json"`),
 * `json_schema` is structured output with the schema itself. A `json_schema` without a
 * schema still asks for JSON, so it becomes JSON mode. `text` means no constraint.
 */
export function mapResponseFormat(format: ResponseFormat): 'json' | Record<string, unknown> | undefined {
  switch (format?.type) {
    case 'json_object':
      return 'json';
    case 'json_schema':
      return format.json_schema.schema ?? 'json';
    default:
      return undefined;
  }
}
