/**
 * Deterministic stand-in embeddings: a small unit-length vector derived from the text
 * (FNV-1a, then MurmurHash3's mixing per dimension), so the same text always embeds the
 * same and different texts differ.
 */

function hashText(bytes: Uint8Array): number {
  let hash = 0x811c9dc5;
  for (const byte of bytes) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** MurmurHash3's finalizer: spreads one hash into well-mixed values per dimension. */
function mixHash(value: number): number {
  let hash = value >>> 0;
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b) >>> 0;
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35) >>> 0;
  return (hash ^ (hash >>> 16)) >>> 0;
}

/** Rounds to float32 and keeps 7 significant digits, close to how Go prints a float32. */
function roundToFloat32(value: number): number {
  return Number(Math.fround(value).toPrecision(7));
}

/** A unit-length vector of `dimensions` numbers for the text. */
export function embedText(text: string, dimensions: number): number[] {
  const bytes = new TextEncoder().encode(text);
  const textHash = hashText(bytes);
  const raw = Array.from({ length: dimensions }, (_, index) => (mixHash(textHash ^ Math.imul(index + 1, 0x9e3779b9)) / 0xffffffff) * 2 - 1);
  const norm = Math.sqrt(raw.reduce((sum, value) => sum + value * value, 0)) || 1;
  return raw.map((value) => roundToFloat32(value / norm));
}

/** The vector as OpenAI's `encoding_format: "base64"` sends it: little-endian float32 bytes. */
export function encodeEmbeddingBase64(vector: number[]): string {
  const buffer = Buffer.alloc(vector.length * 4);
  vector.forEach((value, index) => buffer.writeFloatLE(value, index * 4));
  return buffer.toString('base64');
}
