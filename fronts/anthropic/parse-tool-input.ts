/**
 * A tool call's `arguments` string as the `input` object of a `tool_use` block.
 */

/**
 * Anthropic promises `input` is an object, and clients read fields off it, so arguments
 * that are not a JSON object (malformed output of a small model, a bare string, an empty
 * string for a tool without parameters) become `{}`: the client's tool then reports the
 * missing parameters, which the model can act on, instead of the client failing on a
 * value of the wrong type.
 */
export function parseToolInput(argumentsText: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(argumentsText);
  } catch {
    return {};
  }
  return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
}
