/**
 * Go's `encoding/json` type errors for the few Ollama request fields whose type a client
 * can get wrong, e.g. `json: cannot unmarshal number into Go struct field
 * ChatRequest.model of type string`. JSON null is accepted for any field, as in Go.
 */

/** JSON kinds as Go names them in unmarshal errors. */
type JsonKind = 'string' | 'number' | 'bool' | 'array' | 'object';

/** A checked field: the JSON kind it needs and the Go type named in the error. */
export interface GoField {
  kind: JsonKind;
  goType: string;
}

function kindOf(value: unknown): JsonKind | 'null' {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'string') return 'string';
  return 'object';
}

/** The Go error for a body that does not fit the struct, or undefined when it fits. */
export function describeGoUnmarshalError(
  body: unknown,
  structName: string,
  fields: Record<string, GoField>,
): string | undefined {
  const bodyKind = kindOf(body);
  if (bodyKind === 'null') return undefined;
  if (bodyKind !== 'object') return `json: cannot unmarshal ${bodyKind} into Go value of type api.${structName}`;
  const record = body as Record<string, unknown>;
  for (const [name, field] of Object.entries(fields)) {
    const valueKind = kindOf(record[name]);
    if (record[name] === undefined || valueKind === 'null' || valueKind === field.kind) continue;
    return `json: cannot unmarshal ${valueKind} into Go struct field ${structName}.${name} of type ${field.goType}`;
  }
  return undefined;
}

export const GO_STRING: GoField = { kind: 'string', goType: 'string' };
export const GO_BOOL: GoField = { kind: 'bool', goType: 'bool' };
export const GO_OPTIONS: GoField = { kind: 'object', goType: 'map[string]interface {}' };
