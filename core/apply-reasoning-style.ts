/**
 * Where an answer carries the model's thinking, per connection or alias
 * (`reasoning_style`), for every backend kind:
 *
 * - `reasoning_content`: a field of its own, as DeepSeek's API and the gateway's Ollama
 *   translation send it (the default);
 * - `reasoning`: the same under the name OpenRouter and newer vLLM versions use, which
 *   some clients read instead;
 * - `think_tags`: `<think>…</think>` in front of the text in `content`, for clients that
 *   show only `content` (Open WebUI folds such a block away).
 *
 * Pure mappings of whole responses and of chunks. Either field name is read on the way in,
 * so an upstream that already sends `reasoning` is mapped too. The tags are written with
 * nothing around them, so `splitThinkTags` turns `think_tags` output back into the same
 * reasoning and content.
 */

export type ReasoningStyle = 'reasoning_content' | 'reasoning' | 'think_tags';

export const thinkOpenTag = '<think>';
export const thinkCloseTag = '</think>';

/** The fields of a message or delta this mapping reads and writes; others are kept as they are. */
export interface ReasoningFields {
  content?: string | null;
  reasoning_content?: string;
  reasoning?: string;
}

interface WholeChoice {
  message: ReasoningFields;
}

interface StreamChoice {
  index: number;
  delta: ReasoningFields & { tool_calls?: unknown };
  finish_reason?: string | null;
}

/** The thinking a message or delta carries, under either name. */
export function readReasoning(fields: ReasoningFields): string {
  return fields.reasoning_content ?? fields.reasoning ?? '';
}

function withoutReasoning<Fields extends ReasoningFields>(fields: Fields): Fields {
  const { reasoning_content: _content, reasoning: _reasoning, ...rest } = fields;
  return rest as Fields;
}

/** A whole response with each choice's thinking where `style` puts it. */
export function applyReasoningStyle<Response extends { choices: WholeChoice[] }>(response: Response, style: ReasoningStyle): Response {
  const choices = response.choices.map((choice) => {
    const reasoning = readReasoning(choice.message);
    if (reasoning === '') {
      return choice;
    }
    const message = withoutReasoning(choice.message);
    switch (style) {
      case 'reasoning_content':
        return { ...choice, message: { ...message, reasoning_content: reasoning } };
      case 'reasoning':
        return { ...choice, message: { ...message, reasoning } };
      case 'think_tags':
        return { ...choice, message: { ...message, content: `${thinkOpenTag}${reasoning}${thinkCloseTag}${message.content ?? ''}` } };
    }
  });
  return { ...response, choices };
}

/**
 * A mapping of one stream's chunks, one chunk in, one chunk out, in order. For
 * `think_tags` it remembers, per choice, whether a `<think>` block is open: the block opens
 * with the first thinking delta and closes in front of the first text, tool call or
 * finish reason after it.
 */
export function createReasoningStyler<Chunk extends { choices: StreamChoice[] }>(style: ReasoningStyle): (chunk: Chunk) => Chunk {
  const open = new Set<number>();
  const styleDelta = (choice: StreamChoice): StreamChoice['delta'] => {
    const reasoning = readReasoning(choice.delta);
    const delta = withoutReasoning(choice.delta);
    if (style !== 'think_tags') {
      return reasoning === '' ? delta : { ...delta, [style]: reasoning };
    }
    let text = '';
    if (reasoning !== '') {
      text += open.has(choice.index) ? reasoning : `${thinkOpenTag}${reasoning}`;
      open.add(choice.index);
    }
    const content = delta.content ?? '';
    const closes = content !== '' || delta.tool_calls !== undefined || (choice.finish_reason ?? null) !== null;
    if (closes && open.has(choice.index)) {
      text += thinkCloseTag;
      open.delete(choice.index);
    }
    text += content;
    return text === '' ? delta : { ...delta, content: text };
  };
  return (chunk) => ({ ...chunk, choices: chunk.choices.map((choice) => ({ ...choice, delta: styleDelta(choice) })) });
}
