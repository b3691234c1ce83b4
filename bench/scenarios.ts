/**
 * What each target is sent. The direct call and both references (the stack floor, the bare
 * proxy) speak the upstream's own API (OpenAI for passthrough, Ollama's /api/chat or
 * /api/generate for translation): a reference pipes the native call. The gateway is always
 * sent the OpenAI request a client would send. All of them answer the same tokens.
 */
import { modelName, nonStreamShape, type ModelFamily, type StreamShape } from './bench-models.js';
import { getRequest, jsonRequest, type RequestSpec } from './http-exchange.js';

/**
 * direct: the upstream itself; floor: through the stack floor (Express 5, express.raw(),
 * JSON.parse, http-proxy-middleware); bare: through the node:http pipe proxy; gateway:
 * through Switchyard (gateway-info: the same with per-request logging). gateway-passthrough:
 * the gateway sent the passthrough request, measured alongside Ollama translation for the
 * bar that compares the two (CPU per streamed chunk).
 */
export type Target = 'direct' | 'floor' | 'bare' | 'gateway' | 'gateway-info' | 'gateway-passthrough';
export type Mode = 'passthrough' | 'ollama-chat' | 'ollama-generate';

export const modeFamily: Record<Mode, ModelFamily> = { passthrough: 'vllm', 'ollama-chat': 'ochat', 'ollama-generate': 'ogen' };

const systemPrompt = 'You are a concise assistant that explains engineering to curious readers.';
const userPrompt = 'How does a suspension bridge carry its load? Two short paragraphs, please.';

export interface ChatOptions {
  shape?: StreamShape;
  stream: boolean;
  /** Replaces the user prompt (the 1 MB prompt scenario). */
  prompt?: string;
}

function isGateway(target: Target): boolean {
  return target === 'gateway' || target === 'gateway-info' || target === 'gateway-passthrough';
}

export function chatRequest(mode: Mode, target: Target, options: ChatOptions): RequestSpec {
  const model = modelName(modeFamily[mode], options.shape ?? nonStreamShape);
  const prompt = options.prompt ?? userPrompt;
  const messages = [
    { role: 'system', content: systemPrompt },
    { role: 'user', content: prompt },
  ];
  if (mode === 'passthrough' || isGateway(target)) {
    return jsonRequest('/v1/chat/completions', {
      model,
      messages,
      max_tokens: 256,
      temperature: 0.7,
      stream: options.stream,
      ...(options.stream ? { stream_options: { include_usage: true } } : {}),
    });
  }
  const ollamaOptions = { num_predict: 256, temperature: 0.7 };
  if (mode === 'ollama-chat') return jsonRequest('/api/chat', { model, messages, stream: options.stream, options: ollamaOptions });
  return jsonRequest('/api/generate', { model, prompt, system: systemPrompt, stream: options.stream, options: ollamaOptions });
}

/** What a complete streamed body ends with, as the target frames it. */
export function streamEndMarker(mode: Mode, target: Target): string {
  return mode === 'passthrough' || isGateway(target) ? '[DONE]' : '"done":true';
}

export function modelsRequest(): RequestSpec {
  return getRequest('/v1/models');
}

/** About `bytes` of plain prose, for the large-prompt scenario. */
export function largePrompt(bytes: number): string {
  const sentence = 'The deck hangs from vertical suspenders attached to the main cables, which pass over the towers. ';
  return sentence.repeat(Math.ceil(bytes / sentence.length)).slice(0, bytes);
}
