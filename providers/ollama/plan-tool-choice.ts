/**
 * `tool_choice` on Ollama, whose API has none: which tools are offered, what the system
 * prompt adds, and whether an answer without a call missed what the client asked for.
 */
import { z } from 'zod';
import { toolSchema, type ChatMessage, type Tool } from '../../core/openai-types.js';
import { invalidRequest } from '../../core/gateway-error.js';
import { toolChoiceSchema, type ToolChoice } from './ollama-request-schemas.js';

/** What Ollama is sent for a request's `tools` and `tool_choice`. */
export interface ToolChoicePlan {
  /** The tools offered; undefined when none are. */
  tools: Tool[] | undefined;
  /** Added to the system prompt when the model must call a tool; undefined otherwise. */
  instruction: string | undefined;
  /** Whether the client asked for a call (`required`, a named function, `allowed_tools` in mode `required`): an answer without one is a miss. */
  callRequired: boolean;
}

/** The system-prompt addition for `required` and for a choice of tools that must be called. */
export const requiredToolInstruction = 'You must answer by calling one of the provided tools. Do not answer with text alone.';

/** The system-prompt addition for a named function. */
export function namedToolInstruction(name: string): string {
  return `You must answer by calling the tool "${name}". Do not answer with text alone.`;
}

/**
 * Ollama ignores `tool_choice` (its API has no such field), so the adapter does what it
 * can with what Ollama has, the tools it offers and the system prompt:
 *
 * - `none`: no tools are offered, so none can be called;
 * - `auto` and no choice: every tool, the model decides;
 * - a named function: only that tool, and an instruction to call it;
 * - `required`: every tool, and an instruction to call one;
 * - `allowed_tools`: only the listed tools, with the instruction when its mode is `required`.
 *
 * The model may still answer in text; the answer then goes back as the model gave it (no
 * call is made up) and the translators report the miss (`TranslationNotes`). A
 * choice that names a tool the request does not define, or asks for a call without tools,
 * is refused as OpenAI refuses it.
 */
export function planToolChoice(tools: readonly Tool[] | undefined, choice: ToolChoice | null | undefined): ToolChoicePlan {
  const offered = tools === undefined || tools.length === 0 ? undefined : [...tools];
  if (choice === undefined || choice === null || choice === 'auto' || choice === 'none') {
    return { tools: choice === 'none' ? undefined : offered, instruction: undefined, callRequired: false };
  }
  if (offered === undefined) {
    throw invalidRequest('tool_choice', "'tool_choice' asks for a tool call, but the request has no 'tools'.");
  }
  if (choice === 'required') {
    return { tools: offered, instruction: requiredToolInstruction, callRequired: true };
  }
  if (choice.type === 'function') {
    const name = choice.function.name;
    return { tools: pickTools(offered, [name]), instruction: namedToolInstruction(name), callRequired: true };
  }
  const required = choice.allowed_tools.mode === 'required';
  return {
    tools: pickTools(offered, choice.allowed_tools.tools.map((tool) => tool.function.name)),
    instruction: required ? requiredToolInstruction : undefined,
    callRequired: required,
  };
}

function pickTools(tools: readonly Tool[], names: readonly string[]): Tool[] {
  const unknown = names.find((name) => !tools.some((tool) => tool.function.name === name));
  if (unknown !== undefined) {
    throw invalidRequest('tool_choice', `'tool_choice' names the tool '${unknown}', which is not among the request's 'tools'.`);
  }
  return tools.filter((tool) => names.includes(tool.function.name));
}

/**
 * The messages with `instruction` added to the system prompt: after the first message's
 * text when that is a system or developer message, else as a system message in front.
 */
export function addSystemInstruction(messages: readonly ChatMessage[], instruction: string | undefined): ChatMessage[] {
  if (instruction === undefined) {
    return [...messages];
  }
  const [first, ...rest] = messages;
  if (first === undefined || (first.role !== 'system' && first.role !== 'developer')) {
    return [{ role: 'system', content: instruction }, ...messages];
  }
  const content = first.content;
  if (Array.isArray(content)) {
    return [{ ...first, content: [...content, { type: 'text', text: instruction }] }, ...rest];
  }
  const text = content ?? '';
  return [{ ...first, content: text === '' ? instruction : `${text}\n\n${instruction}` }, ...rest];
}

/** Whether an answer missed a required call: none of its calls is to a tool that was offered. */
export function missedToolChoice(plan: ToolChoicePlan, calledNames: readonly string[]): boolean {
  if (!plan.callRequired) {
    return false;
  }
  const offered = new Set((plan.tools ?? []).map((tool) => tool.function.name));
  return !calledNames.some((name) => offered.has(name));
}

const toolFieldsSchema = z.object({ tools: z.array(toolSchema).optional(), tool_choice: toolChoiceSchema.nullish() }).loose();
const noRequirement: ToolChoicePlan = { tools: undefined, instruction: undefined, callRequired: false };

/**
 * The plan of a request that `translateChatRequest` already accepted, read again by the
 * stream translator, which is handed the body as it is. A body it could not have accepted
 * asks for nothing.
 */
export function readToolChoicePlan(body: unknown): ToolChoicePlan {
  const parsed = toolFieldsSchema.safeParse(body);
  if (!parsed.success) {
    return noRequirement;
  }
  try {
    return planToolChoice(parsed.data.tools, parsed.data.tool_choice);
  } catch {
    return noRequirement;
  }
}
