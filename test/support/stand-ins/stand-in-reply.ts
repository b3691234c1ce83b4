/**
 * The stand-ins' "model": a deterministic answer derived from the request, so tests can
 * predict every chunk. It says `Hello! You said: <last user text>` one word per chunk,
 * calls the first tool when tools are offered, mentions a tool result when one comes
 * back, thinks first when asked to, and answers JSON under a format. Token counts are
 * whitespace word counts.
 */
import { buildArgumentsFromSchema } from './tool-arguments.js';
import { removeScenarioDirectives } from './stand-in-scenario.js';

export interface ReplyMessage {
  role: string;
  text: string;
}

export interface ReplyTool {
  name: string;
  parameters?: unknown;
}

export interface ReplyRequest {
  messages: ReplyMessage[];
  tools?: ReplyTool[];
  /** Produce reasoning text before the answer. */
  think?: boolean;
  /** `json` for JSON mode, or a JSON schema for structured output. */
  format?: 'json' | Record<string, unknown>;
  /** Upper bound on the number of chunks (thinking and content together). */
  maxTokens?: number;
  /** Append multibyte characters, so byte-level splitting cuts through them. */
  includeMultibyteText?: boolean;
}

export interface PlannedToolCall {
  name: string;
  arguments: Record<string, unknown>;
}

export interface PlannedReply {
  thinking: string[];
  content: string[];
  toolCall?: PlannedToolCall;
  doneReason: 'stop' | 'length';
  promptTokens: number;
  completionTokens: number;
}

/** Text appended under `split-lines`: two- three- and four-byte UTF-8 characters. */
export const MULTIBYTE_SUFFIX = ' — ünïcödé ✓ 👋';

/** Splits text into word chunks (each word keeps its trailing whitespace); joined they give the text back. */
export function splitIntoWords(text: string): string[] {
  const pieces = text.match(/\s*\S+\s*/g) ?? [];
  return pieces.length > 0 ? pieces : text.length > 0 ? [text] : [];
}

export function countWords(text: string): number {
  return text.split(/\s+/).filter((word) => word.length > 0).length;
}

function findLastMessage(messages: ReplyMessage[], role: string): ReplyMessage | undefined {
  for (let index = messages.length - 1; index >= 0; index -= 1) {
    const message = messages[index];
    if (message?.role === role) return message;
  }
  return undefined;
}

function composeAnswer(request: ReplyRequest): string {
  const last = request.messages[request.messages.length - 1];
  if (last?.role === 'tool') return `The tool returned: ${last.text.trim()}`;
  const userText = removeScenarioDirectives(findLastMessage(request.messages, 'user')?.text ?? '');
  return userText.length > 0 ? `Hello! You said: ${userText}` : 'Hello! You said nothing.';
}

function composeFormatted(format: 'json' | Record<string, unknown>, answer: string): string {
  const value = format === 'json' ? { reply: answer } : buildArgumentsFromSchema(format);
  return JSON.stringify(value, null, 2);
}

function composeThinking(request: ReplyRequest): string {
  const userText = removeScenarioDirectives(findLastMessage(request.messages, 'user')?.text ?? '');
  return `The user wrote "${userText}", so I will greet them and repeat it.`;
}

/** Plans the whole answer to one request. */
export function planReply(request: ReplyRequest): PlannedReply {
  const promptTokens = Math.max(1, countWords(request.messages.map((message) => message.text).join(' ')));
  const last = request.messages[request.messages.length - 1];
  const firstTool = request.tools?.[0];
  if (firstTool !== undefined && last?.role !== 'tool') {
    const toolArguments = buildArgumentsFromSchema(firstTool.parameters);
    const completionTokens = countWords(JSON.stringify(toolArguments, null, 1)) + 1;
    return { thinking: [], content: [], toolCall: { name: firstTool.name, arguments: toolArguments }, doneReason: 'stop', promptTokens, completionTokens };
  }
  let answer = composeAnswer(request);
  if (request.includeMultibyteText === true) answer += MULTIBYTE_SUFFIX;
  if (request.format !== undefined) answer = composeFormatted(request.format, answer);
  let thinking = request.think === true ? splitIntoWords(composeThinking(request)) : [];
  let content = splitIntoWords(answer);
  let doneReason: PlannedReply['doneReason'] = 'stop';
  const limit = request.maxTokens;
  if (limit !== undefined && limit > 0 && thinking.length + content.length > limit) {
    doneReason = 'length';
    thinking = thinking.slice(0, limit);
    content = content.slice(0, Math.max(0, limit - thinking.length));
  }
  return { thinking, content, doneReason, promptTokens, completionTokens: thinking.length + content.length };
}
