/**
 * Responses tools and tool choice as chat completions': the flat function tool
 * `{type, name, description, parameters, strict}` nests under `function`, and a forced
 * choice `{type: 'function', name}` becomes `{type: 'function', function: {name}}`.
 * Fields left unset stay unset, so the backend applies its own defaults.
 */
import type { ChatCompletionRequest, Tool } from '../../core/openai-types.js';
import type { FunctionTool, ToolChoice } from './request-schema.js';

export function translateTools(tools: readonly FunctionTool[]): Tool[] {
  return tools.map((tool) => ({
    type: 'function',
    function: {
      name: tool.name,
      ...(typeof tool.description === 'string' ? { description: tool.description } : {}),
      ...(tool.parameters ? { parameters: tool.parameters } : {}),
      ...(typeof tool.strict === 'boolean' ? { strict: tool.strict } : {}),
    },
  }));
}

export function translateToolChoice(choice: ToolChoice): ChatCompletionRequest['tool_choice'] {
  return typeof choice === 'string' ? choice : { type: 'function', function: { name: choice.name } };
}
