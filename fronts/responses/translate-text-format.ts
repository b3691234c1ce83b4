/**
 * `text.format` as chat completions' `response_format`: the same three kinds, with the
 * JSON schema's `name`, `schema`, `strict` and `description` moved under `json_schema`.
 */
import type { ChatCompletionRequest } from '../../core/openai-types.js';
import type { TextFormat } from './request-schema.js';

export function translateTextFormat(format: TextFormat): NonNullable<ChatCompletionRequest['response_format']> {
  switch (format.type) {
    case 'text':
      return { type: 'text' };
    case 'json_object':
      return { type: 'json_object' };
    case 'json_schema':
      return {
        type: 'json_schema',
        json_schema: {
          name: format.name,
          schema: format.schema,
          ...(typeof format.strict === 'boolean' ? { strict: format.strict } : {}),
          ...(typeof format.description === 'string' ? { description: format.description } : {}),
        },
      };
  }
}
