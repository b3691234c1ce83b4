/**
 * Anthropic's `tool_choice` as chat completions' `tool_choice` and `parallel_tool_calls`.
 */
import type { ToolChoiceParam } from './messages-request-schema.js';

export type ChatToolChoice = 'auto' | 'required' | 'none' | { type: 'function'; function: { name: string } };

export interface MappedToolChoice {
  tool_choice: ChatToolChoice;
  /** Present only when the client turned parallel calls off. */
  parallel_tool_calls?: false;
}

/**
 * - `auto` → `auto`: the model decides;
 * - `any` → `required`: some tool must be called, the model picks which;
 * - `tool` → the named function;
 * - `none` → `none`.
 *
 * `disable_parallel_tool_use: true` is OpenAI's `parallel_tool_calls: false` ("at most one
 * tool call"); false or absent leaves the backend's default, which allows several.
 */
export function mapToolChoice(choice: ToolChoiceParam): MappedToolChoice {
  const mapped: MappedToolChoice = { tool_choice: readChoice(choice) };
  if (choice.type !== 'none' && choice.disable_parallel_tool_use === true) {
    mapped.parallel_tool_calls = false;
  }
  return mapped;
}

function readChoice(choice: ToolChoiceParam): ChatToolChoice {
  switch (choice.type) {
    case 'auto':
      return 'auto';
    case 'any':
      return 'required';
    case 'tool':
      return { type: 'function', function: { name: choice.name } };
    case 'none':
      return 'none';
  }
}
