/**
 * The reverse of the `think_tags` reasoning style, for OpenAI-compatible upstreams that
 * write the model's thinking inline (`<think>…</think>` in `content`, as llama-server
 * with `--reasoning-format none` and vLLM without `--reasoning-parser` do with DeepSeek-R1
 * or Qwen3): every such block is moved out of `content` into `reasoning_content`. Pure: one
 * chunk in, one chunk out, the state per choice kept between them.
 *
 * A tag may arrive cut across chunks (`<thi` + `nk>`): text that could still become a tag
 * is held back until the next chunk tells, and given out, as what it turned out to be, at
 * the latest with the chunk that carries the choice's `finish_reason`. Text is not
 * trimmed, so whole and cut streams give the same reasoning and content.
 *
 * Limitation: a template that opens the block itself (the answer then starts inside it,
 * with only `</think>` in the output) is not recognised; such text stays in `content`.
 */
import { readReasoning, thinkCloseTag, thinkOpenTag, type ReasoningFields } from './apply-reasoning-style.js';

interface SplitText {
  content: string;
  reasoning: string;
}

/** Splits one choice's text as it arrives. */
export class ThinkTagScanner {
  private inside = false;
  private held = '';

  /** The content and reasoning that `text` settles, holding back a possible tag start. */
  scan(text: string): SplitText {
    const split: SplitText = { content: '', reasoning: '' };
    let rest = this.held + text;
    for (;;) {
      const tag = this.inside ? thinkCloseTag : thinkOpenTag;
      const at = rest.indexOf(tag);
      if (at === -1) {
        const kept = countTagStart(rest, tag);
        this.give(split, rest.slice(0, rest.length - kept));
        this.held = rest.slice(rest.length - kept);
        return split;
      }
      this.give(split, rest.slice(0, at));
      rest = rest.slice(at + tag.length);
      this.inside = !this.inside;
    }
  }

  /** Gives out what was held back, at the end of the choice's text. */
  flush(): SplitText {
    const split: SplitText = { content: '', reasoning: '' };
    this.give(split, this.held);
    this.held = '';
    return split;
  }

  private give(split: SplitText, text: string): void {
    if (this.inside) split.reasoning += text;
    else split.content += text;
  }
}

/** How many characters at the end of `text` are the start of `tag` (fewer than the whole tag). */
function countTagStart(text: string, tag: string): number {
  for (let length = Math.min(tag.length - 1, text.length); length > 0; length -= 1) {
    if (text.endsWith(tag.slice(0, length))) return length;
  }
  return 0;
}

interface StreamChoice {
  index: number;
  delta: ReasoningFields;
  finish_reason?: string | null;
}

/** Puts split text back into a message or delta; reasoning the upstream sent itself comes first. */
function mergeSplit<Fields extends ReasoningFields>(fields: Fields, split: SplitText, hadContent: boolean): Fields {
  const reasoning = readReasoning(fields) + split.reasoning;
  const { reasoning: _reasoning, ...rest } = fields;
  return {
    ...rest,
    ...(hadContent || split.content !== '' ? { content: split.content } : {}),
    ...(reasoning === '' ? {} : { reasoning_content: reasoning }),
  } as Fields;
}

/** A splitter for one stream's chunks. */
export function createThinkTagSplitter<Chunk extends { choices: StreamChoice[] }>(): (chunk: Chunk) => Chunk {
  const scanners = new Map<number, ThinkTagScanner>();
  const splitChoice = (choice: StreamChoice): StreamChoice => {
    const content = choice.delta.content;
    const hadContent = typeof content === 'string';
    const finished = (choice.finish_reason ?? null) !== null;
    if (!hadContent && !finished) {
      return choice;
    }
    let scanner = scanners.get(choice.index);
    if (scanner === undefined) {
      scanner = new ThinkTagScanner();
      scanners.set(choice.index, scanner);
    }
    const split = scanner.scan(hadContent ? content : '');
    if (finished) {
      const rest = scanner.flush();
      split.content += rest.content;
      split.reasoning += rest.reasoning;
      scanners.delete(choice.index);
    }
    return { ...choice, delta: mergeSplit(choice.delta, split, hadContent) };
  };
  return (chunk) => ({ ...chunk, choices: chunk.choices.map(splitChoice) });
}

/** A whole response with the `<think>` blocks of each choice's content moved to `reasoning_content`. */
export function splitThinkTags<Response extends { choices: Array<{ message: ReasoningFields }> }>(response: Response): Response {
  const choices = response.choices.map((choice) => {
    const content = choice.message.content;
    if (typeof content !== 'string' || !content.includes(thinkOpenTag)) {
      return choice;
    }
    const scanner = new ThinkTagScanner();
    const split = scanner.scan(content);
    const rest = scanner.flush();
    return { ...choice, message: mergeSplit(choice.message, { content: split.content + rest.content, reasoning: split.reasoning + rest.reasoning }, true) };
  });
  return { ...response, choices };
}
