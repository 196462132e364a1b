import { isRecord } from "../load/pointer.ts";

/** The values a schema allows, when it is an enum: closed (only these) or open (these so far, and others). */
export interface EnumSet {
  values: unknown[];
  /** Open: `anyOf: [{ type: T, enum: [...] }, { type: T }]`, the values seen so far, the API may send others. */
  open: boolean;
}

/** Keys that describe a schema without changing what it accepts. */
const ANNOTATIONS = new Set(["description", "title", "example", "examples", "deprecated", "x-enum-case"]);

/**
 * Reads a schema as an enum, in the two forms the spec writes (spec/README.md, DECISIONS D1): `enum: [...]` is a
 * closed set; `anyOf: [{ type: string, enum: [...] }, { type: string }]` (or `integer`) is an open one. Anything
 * else is not an enum.
 */
export function readEnumSet(schema: unknown): EnumSet | undefined {
  if (!isRecord(schema)) return undefined;
  if (Array.isArray(schema.enum)) return { values: schema.enum, open: false };
  const members = schema.anyOf;
  if (!Array.isArray(members) || members.length !== 2 || !only(schema, ["anyOf"])) return undefined;
  const [known, other] = members;
  if (!isRecord(known) || !isRecord(other) || !Array.isArray(known.enum)) return undefined;
  const type = known.type;
  if ((type !== "string" && type !== "integer") || other.type !== type) return undefined;
  if (!only(known, ["type", "enum"]) || !only(other, ["type"])) return undefined;
  return { values: known.enum, open: true };
}

/** The schema has no keys but these and annotations. */
function only(schema: Record<string, unknown>, keys: string[]): boolean {
  return Object.keys(schema).every((key) => keys.includes(key) || ANNOTATIONS.has(key));
}
