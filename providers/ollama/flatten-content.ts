import type { ChatMessage } from '../../core/openai-types.js';
import { readImageUrl } from './read-image-url.js';

/** A message's content as Ollama takes it: plain text plus bare base64 images. */
export interface FlatContent {
  text: string;
  images: string[];
}

type MessageContent = ChatMessage['content'];

/**
 * Flattens OpenAI content (a string, or a list of text and image parts) into text and
 * images. Text parts are joined with a newline; `field` names the content in errors,
 * e.g. `messages[2].content`.
 */
export function flattenContent(content: MessageContent, field: string): FlatContent {
  if (content === null || content === undefined) {
    return { text: '', images: [] };
  }
  if (typeof content === 'string') {
    return { text: content, images: [] };
  }
  const texts: string[] = [];
  const images: string[] = [];
  content.forEach((part, index) => {
    if (part.type === 'text') {
      texts.push(part.text);
      return;
    }
    const url = typeof part.image_url === 'string' ? part.image_url : part.image_url.url;
    images.push(readImageUrl(url, `${field}[${index}].image_url`));
  });
  return { text: texts.join('\n'), images };
}
