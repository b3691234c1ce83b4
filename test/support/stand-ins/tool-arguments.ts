/**
 * Deterministic values for a JSON schema: the arguments the stand-ins' "model" passes
 * when it calls a tool, and the object it answers with under a structured-output format.
 * Strings are "example" (or the first enum value), numbers count up from 1, booleans are
 * true, arrays hold one item, objects recurse.
 */
type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

interface Counter {
  next: number;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function pickType(schema: Record<string, unknown>): string | undefined {
  const type = schema['type'];
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) return type.find((entry): entry is string => typeof entry === 'string' && entry !== 'null');
  if (asRecord(schema['properties'])) return 'object';
  return undefined;
}

function buildValue(schemaValue: unknown, counter: Counter, depth: number): JsonValue {
  const schema = asRecord(schemaValue) ?? {};
  const enumValues = schema['enum'];
  if (Array.isArray(enumValues) && enumValues.length > 0) return enumValues[0] as JsonValue;
  if ('const' in schema) return schema['const'] as JsonValue;
  const alternatives = schema['anyOf'] ?? schema['oneOf'];
  if (Array.isArray(alternatives) && alternatives.length > 0) return buildValue(alternatives[0], counter, depth);
  switch (pickType(schema)) {
    case 'integer':
    case 'number':
      return counter.next++;
    case 'boolean':
      return true;
    case 'null':
      return null;
    case 'array':
      return depth > 4 ? [] : [buildValue(schema['items'], counter, depth + 1)];
    case 'object':
      return depth > 4 ? {} : buildObject(schema, counter, depth + 1);
    default:
      return 'example';
  }
}

function buildObject(schema: Record<string, unknown>, counter: Counter, depth: number): { [key: string]: JsonValue } {
  const properties = asRecord(schema['properties']) ?? {};
  const result: { [key: string]: JsonValue } = {};
  for (const [name, propertySchema] of Object.entries(properties)) {
    result[name] = buildValue(propertySchema, counter, depth);
  }
  return result;
}

/** An object that satisfies the schema's properties; `{}` for a schema without any. */
export function buildArgumentsFromSchema(schema: unknown): Record<string, JsonValue> {
  return buildObject(asRecord(schema) ?? {}, { next: 1 }, 0);
}
