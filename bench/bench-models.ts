/**
 * Model ids the benchmark uses. The stand-in upstream reads the stream shape from the id
 * (`<family>-c<chunks>-d<delay ms>`), so the same request body drives it whether it arrives
 * directly, through the pipe proxy, or translated by the gateway (which rewrites the body
 * for Ollama but keeps the upstream model id).
 */

/** vllm: OpenAI-compatible passthrough; ochat: Ollama /api/chat; ogen: Ollama /api/generate. */
export type ModelFamily = 'vllm' | 'ochat' | 'ogen';

export interface StreamShape {
  /** Content chunks (tokens) in the answer. */
  chunks: number;
  /** Milliseconds between two content chunks when streamed. */
  delayMs: number;
}

/** Tokens in a non-streamed answer (about 300 bytes of text). */
export const nonStreamShape: StreamShape = { chunks: 60, delayMs: 0 };

/** Every shape a scenario asks for; the gateway config lists each one per family. */
export const benchShapes: readonly StreamShape[] = [
  nonStreamShape,
  { chunks: 200, delayMs: 0 },
  { chunks: 200, delayMs: 5 },
  { chunks: 40, delayMs: 5 },
  { chunks: 100, delayMs: 20 },
  { chunks: 30, delayMs: 20 },
];

export const modelFamilies: readonly ModelFamily[] = ['vllm', 'ochat', 'ogen'];

export function modelName(family: ModelFamily, shape: StreamShape): string {
  return `${family}-c${shape.chunks}-d${shape.delayMs}`;
}

/** Reads the shape back from an id; undefined for ids the stand-in does not serve. */
export function parseModelName(name: string): StreamShape | undefined {
  const match = /-c(\d{1,5})-d(\d{1,4})$/.exec(name);
  if (!match) return undefined;
  return { chunks: Number(match[1]), delayMs: Number(match[2]) };
}

export function modelNamesOf(family: ModelFamily): string[] {
  return benchShapes.map((shape) => modelName(family, shape));
}
