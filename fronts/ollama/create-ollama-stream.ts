/**
 * Turns a streamed chat-completions answer into Ollama's NDJSON lines, for `/api/chat`
 * and `/api/generate` alike (they differ only in how a line is shaped):
 *
 * - one `done: false` line per chunk that carries text or thinking, with that piece;
 * - tool calls collected from their fragments and, once the finish chunk came, one
 *   `done: false` line per call, whole, as Ollama sends them;
 * - at the end one `done: true` line with `done_reason` and the token counts, which
 *   arrive in a usage chunk after the finish chunk (`stream_options.include_usage`);
 * - when the stream broke, `{"error": "..."}` as the last line, which is how Ollama
 *   reports a failure mid-stream and what its clients raise as an error.
 *
 * A tool call whose arguments are not a JSON object throws a GatewayError from `push` or
 * `end`; the caller ends the stream with `fail` as for any other error.
 */
import type { FrontContext, FrontStream } from '../../core/front-door.js';
import type { GatewayError } from '../../core/gateway-error.js';
import type { ChatCompletionChunk, FinishReason, Usage } from '../../core/openai-types.js';
import { createToolCallAccumulator } from './accumulate-tool-calls.js';
import { buildMetrics } from './build-metrics.js';
import { formatOllamaTime } from './format-ollama-time.js';
import { mapDoneReason } from './map-done-reason.js';
import type { OllamaDoneReason, OllamaErrorBody, OllamaMetrics, OllamaToolCall } from './ollama-responses.js';
import { readReasoning } from './read-reasoning.js';
import { toOllamaToolCall } from './to-ollama-tool-calls.js';

/** A piece of the answer for one `done: false` line; at least one part is non-empty. */
export interface AnswerPiece {
  content: string;
  thinking: string;
  toolCalls: OllamaToolCall[];
}

/** How one endpoint shapes its lines. */
export interface LineShapes<Line> {
  progress(piece: AnswerPiece, createdAt: string): Line;
  final(doneReason: OllamaDoneReason, metrics: OllamaMetrics, createdAt: string): Line;
}

export function createOllamaStream<Line>(shapes: LineShapes<Line>, context: FrontContext): FrontStream {
  const toolCalls = createToolCallAccumulator();
  let toolCallCount = 0;
  let finishReason: FinishReason | null = null;
  let usage: Usage | undefined;
  let createdAt = formatOllamaTime(context.now);

  /** One line per collected call, numbered across the whole answer. */
  function takeToolCallLines(): string[] {
    return toolCalls.take().map((call) => {
      const line = shapes.progress({ content: '', thinking: '', toolCalls: [toOllamaToolCall(call, toolCallCount++)] }, createdAt);
      return frameLine(line);
    });
  }

  return {
    push(chunk: ChatCompletionChunk): string[] {
      if (typeof chunk.created === 'number') createdAt = formatOllamaTime(chunk.created);
      if (chunk.usage) usage = chunk.usage;
      const choice = chunk.choices.find((candidate) => candidate.index === 0);
      if (choice === undefined) return [];
      const lines: string[] = [];
      // A passed-through chunk is not validated; a finish chunk may come without a delta.
      const delta = choice.delta ?? {};
      const content = delta.content ?? '';
      const thinking = readReasoning(delta);
      if (content !== '' || thinking !== '') {
        lines.push(frameLine(shapes.progress({ content, thinking, toolCalls: [] }, createdAt)));
      }
      toolCalls.add(delta.tool_calls ?? []);
      if (choice.finish_reason !== null && choice.finish_reason !== undefined) {
        finishReason = choice.finish_reason;
        lines.push(...takeToolCallLines());
      }
      return lines;
    },
    end(): string[] {
      // Calls still held when no finish chunk came are sent before the last line.
      return [...takeToolCallLines(), frameLine(shapes.final(mapDoneReason(finishReason), buildMetrics(usage), createdAt))];
    },
    fail(error: GatewayError): string[] {
      const line: OllamaErrorBody = { error: error.message };
      return [frameLine(line)];
    },
  };
}

/** One NDJSON line. */
export function frameLine(value: unknown): string {
  return `${JSON.stringify(value)}\n`;
}
