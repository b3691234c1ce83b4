const units: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

/** `body_limit` in bytes: a number of bytes, or a size such as "20mb" (1024-based, as body-parser reads it). */
export function toBytes(size: string | number): number {
  if (typeof size === 'number') return size;
  const match = /^(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)$/i.exec(size.trim());
  if (!match) throw new RangeError(`not a byte size: ${size}`);
  return Math.floor(Number(match[1]) * (units[match[2]!.toLowerCase()] ?? 1));
}
