/** A field's path as OpenAI names it in `param`: `['messages', 2, 'content']` → `messages[2].content`. */
export function formatParam(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((text, key) => (typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key)), '');
}
