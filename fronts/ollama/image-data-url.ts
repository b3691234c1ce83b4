/**
 * Ollama takes images as bare base64; OpenAI wants a data URL that names the type. Ollama
 * clients never say the type, so it is read from the image's first bytes.
 */

/** Magic numbers of the formats vision models take, checked on the decoded head. */
const signatures: ReadonlyArray<{ mimeType: string; matches(head: Uint8Array): boolean }> = [
  { mimeType: 'image/png', matches: (head) => startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  { mimeType: 'image/jpeg', matches: (head) => startsWith(head, [0xff, 0xd8, 0xff]) },
  { mimeType: 'image/gif', matches: (head) => startsWith(head, [0x47, 0x49, 0x46, 0x38]) },
  // RIFF container whose form type (bytes 8-11) is WEBP.
  {
    mimeType: 'image/webp',
    matches: (head) => startsWith(head, [0x52, 0x49, 0x46, 0x46]) && startsWith(head.subarray(8), [0x57, 0x45, 0x42, 0x50]),
  },
];

/** What an image whose type cannot be told is sent as: PNG is what most clients encode. */
const fallbackMimeType = 'image/png';

/** Enough base64 characters to decode the 12 bytes the signatures need. */
const headLength = 16;

/** The image's type from its first bytes; PNG when unknown. */
export function detectImageType(base64: string): string {
  const head = Buffer.from(base64.replace(/[\r\n]/g, '').slice(0, headLength), 'base64');
  return signatures.find((signature) => signature.matches(head))?.mimeType ?? fallbackMimeType;
}

/** An Ollama image as an OpenAI image URL; a data URL the client already sent is kept. */
export function toImageDataUrl(image: string): string {
  if (image.startsWith('data:')) {
    return image;
  }
  return `data:${detectImageType(image)};base64,${image.replace(/[\r\n]/g, '')}`;
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.length <= bytes.length && prefix.every((byte, index) => bytes[index] === byte);
}
