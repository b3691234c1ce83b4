/**
 * What the Ollama front door answers, shaped like Ollama's `api/types.go`: chat and
 * generate replies (whole, or one NDJSON line each), embeddings, and the listings of
 * `/api/tags`, `/api/ps`, `/api/show` and `/api/version`.
 */

/** Timing and token counts of a final line. Durations are nanoseconds. */
export interface OllamaMetrics {
  total_duration: number;
  load_duration: number;
  prompt_eval_count: number;
  prompt_eval_duration: number;
  eval_count: number;
  eval_duration: number;
}

/** `stop` when the model finished (also after tool calls), `length` at the token limit. */
export type OllamaDoneReason = 'stop' | 'length' | 'load' | 'unload';

/** A tool call as Ollama reports it: whole, with its arguments as an object. */
export interface OllamaToolCall {
  id?: string;
  function: { index?: number; name: string; arguments: Record<string, unknown> };
}

export interface OllamaAssistantMessage {
  role: 'assistant';
  content: string;
  thinking?: string;
  tool_calls?: OllamaToolCall[];
}

/** A whole chat answer, and the last line of a streamed one. */
export type OllamaChatResponse = {
  model: string;
  created_at: string;
  message: OllamaAssistantMessage;
  done: true;
  done_reason: OllamaDoneReason;
} & Partial<OllamaMetrics>;

/** A line of a streamed chat answer: pieces with `done: false`, then the whole answer's shape. */
export type OllamaChatLine = { model: string; created_at: string; message: OllamaAssistantMessage; done: false } | OllamaChatResponse;

/** Generate replies carry `response` instead of `message` (and tool calls at the top). */
interface OllamaGenerateFields {
  model: string;
  created_at: string;
  response: string;
  thinking?: string;
  tool_calls?: OllamaToolCall[];
}

export type OllamaGenerateResponse = OllamaGenerateFields & { done: true; done_reason: OllamaDoneReason } & Partial<OllamaMetrics>;

export type OllamaGenerateLine = (OllamaGenerateFields & { done: false }) | OllamaGenerateResponse;

export interface OllamaEmbedResponse {
  model: string;
  embeddings: number[][];
  total_duration: number;
  load_duration: number;
  prompt_eval_count: number;
}

/** `details` of `/api/tags`, `/api/ps` and `/api/show`; Go sends every field, empty or not. */
export interface OllamaModelDetails {
  parent_model: string;
  format: string;
  family: string;
  families: string[];
  parameter_size: string;
  quantization_level: string;
  context_length?: number;
}

export interface OllamaListedModel {
  name: string;
  model: string;
  modified_at: string;
  size: number;
  digest: string;
  details: OllamaModelDetails;
}

export interface OllamaTagsResponse {
  models: OllamaListedModel[];
}

export interface OllamaRunningModel {
  name: string;
  model: string;
  size: number;
  digest: string;
  details: OllamaModelDetails;
  expires_at: string;
  size_vram: number;
  context_length: number;
}

export interface OllamaPsResponse {
  models: OllamaRunningModel[];
}

export interface OllamaShowResponse {
  modelfile: string;
  parameters: string;
  template: string;
  details: OllamaModelDetails;
  model_info: Record<string, unknown>;
  capabilities: string[];
  modified_at: string;
}

export interface OllamaVersionResponse {
  version: string;
}

/** Ollama's error, as an HTTP body and as the last line of a broken stream. */
export interface OllamaErrorBody {
  error: string;
}
