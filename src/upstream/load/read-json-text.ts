/**
 * JSON.parse that answers undefined instead of throwing: a load poll that reads garbage
 * learns nothing, which is not an error.
 */
export function readJsonText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
