/**
 * The model's thinking in an OpenAI message or delta. Chat completions have no standard
 * field for it: llama.cpp's server and the gateway's Ollama adapter send
 * `reasoning_content` (DeepSeek's name), vLLM sends `reasoning` since it renamed the
 * field (vllm-project/vllm#27752), so both are read.
 */
export function readReasoning(source: { reasoning_content?: string | undefined }): string {
  if (typeof source.reasoning_content === 'string' && source.reasoning_content !== '') {
    return source.reasoning_content;
  }
  const reasoning = (source as { reasoning?: unknown }).reasoning;
  return typeof reasoning === 'string' ? reasoning : '';
}
