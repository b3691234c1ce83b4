/**
 * How every store keeps a record: as JSON text, so that a stored value is a copy (a
 * caller changing its object afterwards changes nothing stored) and each store returns
 * the same thing for the same value. Also the one check of a record's time to live.
 */

/** The value as JSON; throws a TypeError for what JSON cannot hold (undefined, a function). */
export function encodeRecord(value: unknown): string {
  const text = JSON.stringify(value);
  if (text === undefined) throw new TypeError('a stored record must be a JSON value');
  return text;
}

export function decodeRecord(text: string): unknown {
  return JSON.parse(text) as unknown;
}

/** `ttlSeconds` in milliseconds (undefined: kept until deleted); a RangeError unless > 0. */
export function ttlMilliseconds(ttlSeconds: number | undefined): number | undefined {
  if (ttlSeconds === undefined) return undefined;
  if (!(ttlSeconds > 0) || !Number.isFinite(ttlSeconds)) throw new RangeError(`a record's ttlSeconds must be a positive number, got ${ttlSeconds}`);
  return Math.ceil(ttlSeconds * 1000);
}
