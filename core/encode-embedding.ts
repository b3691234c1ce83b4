/**
 * OpenAI's `encoding_format: "base64"`: the vector's little-endian float32 bytes, base64
 * encoded. The OpenAI SDKs ask for it unless told otherwise.
 */
export function encodeEmbedding(vector: readonly number[], format: 'float' | 'base64' | undefined): number[] | string {
  if (format !== 'base64') return vector as number[];
  const bytes = Buffer.alloc(vector.length * 4);
  vector.forEach((value, index) => bytes.writeFloatLE(value, index * 4));
  return bytes.toString('base64');
}
