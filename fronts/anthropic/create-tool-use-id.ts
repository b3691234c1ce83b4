/**
 * A `tool_use` id for a tool call that came without one. Derived from the response id
 * and the call's position, so it is unique within the conversation and the translation
 * stays pure; Anthropic's own ids start with `toolu_` too.
 */
export function createToolUseId(responseId: string, position: number): string {
  return `toolu_${responseId.replace(/^msg_/, '')}_${position}`;
}
