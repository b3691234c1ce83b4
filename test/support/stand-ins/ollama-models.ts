/**
 * What the stand-in Ollama knows about each model it serves: `/api/tags` details and the
 * capabilities that decide which endpoints accept it (an embedding model refuses chat,
 * only a thinking model accepts `think`).
 */
import { createHash } from 'node:crypto';

export const DEFAULT_OLLAMA_MODELS = ['llama3.2:1b', 'qwen2.5:0.5b', 'qwen3:0.6b', 'nomic-embed-text:latest'];

export type OllamaCapability = 'completion' | 'tools' | 'thinking' | 'embedding';

export interface OllamaModelDetails {
  parent_model: string;
  format: string;
  family: string;
  families: string[];
  parameter_size: string;
  quantization_level: string;
}

export interface OllamaModelDescription {
  name: string;
  size: number;
  digest: string;
  modifiedAt: string;
  details: OllamaModelDetails;
  capabilities: OllamaCapability[];
}

interface KnownModel {
  family: string;
  parameterSize: string;
  quantization: string;
  size: number;
}

const knownModels: Record<string, KnownModel> = {
  'llama3.2:1b': { family: 'llama', parameterSize: '1.2B', quantization: 'Q8_0', size: 1321098329 },
  'llama3.2:latest': { family: 'llama', parameterSize: '3.2B', quantization: 'Q4_K_M', size: 2019393189 },
  'qwen2.5:0.5b': { family: 'qwen2', parameterSize: '494.03M', quantization: 'Q4_K_M', size: 397821319 },
  'qwen3:0.6b': { family: 'qwen3', parameterSize: '751.63M', quantization: 'Q4_K_M', size: 522653767 },
  'nomic-embed-text:latest': { family: 'nomic-bert', parameterSize: '137M', quantization: 'F16', size: 274302450 },
};

/** `llama3.2` and `llama3.2:latest` name the same model, as in Ollama. */
export function normalizeOllamaName(name: string): string {
  const trimmed = name.trim();
  const lastSlash = trimmed.lastIndexOf('/');
  return trimmed.lastIndexOf(':') > lastSlash ? trimmed : `${trimmed}:latest`;
}

/** The served name a requested name refers to, if any. */
export function findOllamaModel(requested: string, served: string[]): string | undefined {
  const wanted = normalizeOllamaName(requested).toLowerCase();
  return served.find((name) => normalizeOllamaName(name).toLowerCase() === wanted);
}

function inferCapabilities(name: string): OllamaCapability[] {
  if (/embed|bge|minilm/i.test(name)) return ['embedding'];
  const capabilities: OllamaCapability[] = ['completion', 'tools'];
  if (/qwen3|deepseek-r1|gpt-oss|think/i.test(name)) capabilities.push('thinking');
  return capabilities;
}

/** Everything `/api/tags`, `/api/ps` and `/api/show` say about a served model. */
export function describeOllamaModel(name: string, index: number): OllamaModelDescription {
  const digest = createHash('sha256').update(name).digest('hex');
  const known = knownModels[normalizeOllamaName(name)];
  const family = known?.family ?? (name.split(/[:/.\d]/)[0] || 'llama');
  return {
    name,
    size: known?.size ?? 1_000_000_000 + (parseInt(digest.slice(0, 6), 16) % 1_000_000),
    digest,
    // Ollama lists the most recently modified first; the stand-in keeps the configured order.
    modifiedAt: `${new Date(Date.UTC(2025, 0, 15, 10, 30, 0) - index * 3_600_000).toISOString().slice(0, 19)}.123456789Z`,
    details: {
      parent_model: '',
      format: 'gguf',
      family,
      families: [family],
      parameter_size: known?.parameterSize ?? '1B',
      quantization_level: known?.quantization ?? 'Q4_K_M',
    },
    capabilities: inferCapabilities(name),
  };
}
