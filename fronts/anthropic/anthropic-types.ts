/**
 * The Anthropic Messages wire types the front door answers with: the `Message` object and
 * its content blocks, as the Messages API returns them. Only the fields the gateway fills
 * are declared; the request side is the Zod schema in `messages-request-schema.ts`.
 */

/** Why a message ended; the gateway produces every value but `stop_sequence` and `pause_turn`. */
export type StopReason = 'end_turn' | 'max_tokens' | 'stop_sequence' | 'tool_use' | 'pause_turn' | 'refusal';

export interface TextBlock {
  type: 'text';
  text: string;
}

/**
 * Reasoning the model showed. Anthropic signs each block so that it can check replayed
 * history; chat-completions backends have no signature, so the gateway sends `''`.
 */
export interface ThinkingBlock {
  type: 'thinking';
  thinking: string;
  signature: string;
}

export interface ToolUseBlock {
  type: 'tool_use';
  id: string;
  name: string;
  input: Record<string, unknown>;
}

export type ContentBlock = TextBlock | ThinkingBlock | ToolUseBlock;

export interface MessageUsage {
  input_tokens: number;
  output_tokens: number;
}

export interface Message {
  id: string;
  type: 'message';
  role: 'assistant';
  model: string;
  content: ContentBlock[];
  stop_reason: StopReason | null;
  stop_sequence: string | null;
  usage: MessageUsage;
}

/** The `error.type` values of Anthropic's error bodies and `error` stream events. */
export type AnthropicErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'billing_error'
  | 'permission_error'
  | 'not_found_error'
  | 'request_too_large'
  | 'rate_limit_error'
  | 'api_error'
  | 'timeout_error'
  | 'overloaded_error';

export interface AnthropicErrorBody {
  type: 'error';
  error: { type: AnthropicErrorType; message: string };
}
