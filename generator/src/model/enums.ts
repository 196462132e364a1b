import { isRecord } from "../load/pointer.ts";

export interface EnumShape {
  values: (string | number)[];
  open: boolean;
}

/**
 * The values of an enum schema: a closed set is `{ type, enum: [...] }`; an open set (DECISIONS D1) is exactly
 * `anyOf: [{ type, enum: [...] }, { type }]`, the known values and then any other value of the same type.
 * Any other schema is not an enum (undefined).
 */
export function readEnumShape(schema: unknown): EnumShape | undefined {
  if (!isRecord(schema)) return undefined;
  if (Array.isArray(schema.enum)) return { values: scalarValues(schema.enum), open: false };
  const anyOf = schema.anyOf;
  if (!Array.isArray(anyOf) || anyOf.length !== 2) return undefined;
  const [known, other] = anyOf;
  if (!isRecord(known) || !Array.isArray(known.enum) || !isRecord(other)) return undefined;
  const otherIsPlainType = Object.keys(other).length === 1 && (other.type === "string" || other.type === "integer");
  if (!otherIsPlainType || known.type !== other.type) return undefined;
  return { values: scalarValues(known.enum), open: true };
}

function scalarValues(values: unknown[]): (string | number)[] {
  return values.filter((v): v is string | number => typeof v === "string" || typeof v === "number");
}
