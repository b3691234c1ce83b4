/**
 * An Anthropic image block as a chat-completions `image_url` part. Base64 images become
 * data URLs; URL images keep their URL, and the backend adapter decides whether it can
 * use one (Ollama's refuses http URLs with a 400, since adapters do no I/O).
 */
import type { ContentPart } from '../../core/openai-types.js';
import type { ImageBlockParam } from './messages-request-schema.js';

export function translateImageBlock(block: ImageBlockParam): ContentPart {
  const url = block.source.type === 'base64' ? `data:${block.source.media_type};base64,${block.source.data}` : block.source.url;
  return { type: 'image_url', image_url: { url } };
}
