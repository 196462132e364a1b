import { isRecord } from "../load/pointer.ts";
import { readEnumSet } from "../model/enums.ts";
import { componentName } from "../model/media.ts";

/**
 * The strict variant of the spec's answer schemas, which the SDK's response validators are compiled from. The spec's
 * objects accept fields they do not declare (an answer with a new field is still a good answer); to report such a
 * field, every place a value sits (an answer, a property, an item) closes the object found there with
 * `unevaluatedProperties: false`, which, unlike `additionalProperties`, sees the fields that `allOf`, `$ref` and
 * the branch an `anyOf` matched declare. The schemas they combine (components, `allOf` parts, branches) stay open,
 * or the parts of one object would reject each other's fields. Besides:
 * - an open set becomes `{ type, x-known-values: [...] }`: any value passes, and one not listed is noted (as
 *   information) instead of failing its `anyOf`;
 * - a nullable pair (`anyOf: [X, { type: null }]`) becomes `if null, else X`, so that a wrong value is reported
 *   by X's own errors rather than as "matches neither X nor null";
 * - a `oneOf` with a discriminator mapping becomes one `if <tag> is … then <schema>` per mapped value, so only the
 *   schema the tag names reports errors (as the discriminator intends), and an unlisted tag is an unknown value;
 * - annotations (descriptions, examples, …) are dropped: only what validates is kept.
 */

type Json = Record<string, unknown>;

/** Keywords that validate (JSON Schema 2020-12); everything else is an annotation and dropped. */
const VALIDATING = new Set([
  "type", "enum", "const", "format",
  "properties", "patternProperties", "additionalProperties", "unevaluatedProperties", "required", "dependentRequired",
  "dependentSchemas", "propertyNames", "minProperties", "maxProperties",
  "items", "prefixItems", "unevaluatedItems", "contains", "minContains", "maxContains", "minItems", "maxItems", "uniqueItems",
  "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "minLength", "maxLength", "pattern",
  "allOf", "anyOf", "oneOf", "not", "if", "then", "else", "$ref",
]);
/** Keywords whose value is one schema where a value sits (a place to close objects) / is combined. */
const PLACES = new Set(["items", "additionalProperties", "unevaluatedItems", "contains", "propertyNames"]);
const COMBINED = new Set(["not", "if", "then", "else"]);
/** Keywords whose value maps names to schemas. */
const NAMED_PLACES = new Set(["properties", "patternProperties"]);

/** The keyword open sets are written with in the strict variant (see emit/validators.ts). */
export const KNOWN_VALUES = "x-known-values";

export class StrictSchemas {
  readonly #components: Readonly<Record<string, unknown>>;
  readonly #componentRef: (name: string) => string;
  readonly #declares = new Map<string, boolean>();

  /**
   * `components`: the spec's `components.schemas`; `componentRef` names where the strict components are registered
   * (`#/components/schemas/X` is rewritten to it).
   */
  constructor(components: Readonly<Record<string, unknown>>, componentRef: (name: string) => string) {
    this.#components = components;
    this.#componentRef = componentRef;
  }

  /** Every component, strict: each is combined by the places that use it, so none is closed at its own top. */
  components(): Record<string, unknown> {
    return Object.fromEntries(Object.entries(this.#components).map(([name, schema]) => [name, this.#strict(schema, false)]));
  }

  /** An answer's schema, strict and closed at the top. */
  answer(schema: unknown): unknown {
    return this.#strict(schema, true);
  }

  /** `place`: a value sits here (an answer, a property, an item), so an object found here is closed. */
  #strict(schema: unknown, place: boolean): unknown {
    if (!isRecord(schema)) return schema;
    const set = readEnumSet(schema);
    if (set?.open) return { type: openSetType(schema), [KNOWN_VALUES]: set.values };
    const nullable = nullablePair(schema);
    if (nullable !== undefined) return { if: { type: "null" }, else: this.#strict(nullable, place) };
    const discriminated = this.#discriminated(schema, place);
    if (discriminated !== undefined) return discriminated;

    const out: Json = {};
    for (const [key, value] of Object.entries(schema)) {
      if (!VALIDATING.has(key)) continue;
      if (key === "$ref" && typeof value === "string") out.$ref = this.#ref(value);
      else if (NAMED_PLACES.has(key) && isRecord(value)) {
        out[key] = Object.fromEntries(Object.entries(value).map(([name, child]) => [name, this.#strict(child, true)]));
      } else if (key === "dependentSchemas" && isRecord(value)) {
        out[key] = Object.fromEntries(Object.entries(value).map(([name, child]) => [name, this.#strict(child, false)]));
      } else if (key === "prefixItems" && Array.isArray(value)) out[key] = value.map((child) => this.#strict(child, true));
      else if ((key === "allOf" || key === "anyOf" || key === "oneOf") && Array.isArray(value)) {
        out[key] = value.map((child) => this.#strict(child, false));
      } else if (PLACES.has(key) && isRecord(value)) out[key] = this.#strict(value, true);
      else if (COMBINED.has(key) && isRecord(value)) out[key] = this.#strict(value, false);
      else out[key] = value;
    }
    if (place && this.#declaresFields(schema) && !("additionalProperties" in out) && !("unevaluatedProperties" in out)) {
      out.unevaluatedProperties = false;
    }
    return out;
  }

  /**
   * `oneOf` of `$ref`s with `discriminator: { propertyName, mapping }` naming every branch: the tag must be one of
   * the mapped values, and each value applies its own schema. Closed, at a place, inside each `then`, where the
   * schema's fields are seen even when it fails.
   */
  #discriminated(schema: Json, place: boolean): Json | undefined {
    const { oneOf, discriminator } = schema;
    if (!Array.isArray(oneOf) || !isRecord(discriminator) || !isRecord(discriminator.mapping)) return undefined;
    const tag = discriminator.propertyName;
    const mapping = Object.entries(discriminator.mapping);
    const branches = new Set(oneOf.map((branch) => (isRecord(branch) ? branch.$ref : undefined)));
    const targets = new Set(mapping.map(([, target]) => target));
    if (typeof tag !== "string" || mapping.length === 0 || branches.size !== targets.size || ![...branches].every((ref) => targets.has(ref))) {
      return undefined;
    }
    return {
      type: "object",
      required: [tag],
      properties: { [tag]: { enum: mapping.map(([value]) => value) } },
      allOf: mapping.map(([value, target]) => ({
        if: { properties: { [tag]: { const: value } }, required: [tag] },
        then: this.#strict({ $ref: target }, place),
      })),
    };
  }

  #ref(ref: string): string {
    const name = componentName({ $ref: ref });
    return name === undefined ? ref : this.#componentRef(name);
  }

  /**
   * Whether the schema names fields of an object (itself or through `$ref`, `allOf`, a branch, `then`/`else`)
   * without saying what other fields may be: the objects to close. A bare `{ type: object }` is free-form and stays
   * open, as does anything with `additionalProperties`.
   */
  #declaresFields(schema: unknown, seen = new Set<string>()): boolean {
    if (!isRecord(schema) || "additionalProperties" in schema || "unevaluatedProperties" in schema) return false;
    if (isRecord(schema.properties) || isRecord(schema.patternProperties)) return true;
    const name = componentName(schema);
    if (name !== undefined && !seen.has(name)) {
      seen.add(name);
      const known = this.#declares.get(name);
      if (known !== undefined) return known;
      const declares = this.#declaresFields(this.#components[name], seen);
      this.#declares.set(name, declares);
      if (declares) return true;
    }
    const parts = ["allOf", "anyOf", "oneOf"].flatMap((key) => (Array.isArray(schema[key]) ? schema[key] : []));
    return [...parts, schema.then, schema.else].some((part) => this.#declaresFields(part, seen));
  }
}

/** The type of an open set: that of its listed values (`anyOf: [{ type, enum }, { type }]`). */
function openSetType(schema: Json): unknown {
  const [known] = Array.isArray(schema.anyOf) ? schema.anyOf : [];
  return isRecord(known) ? known.type : undefined;
}

/** `X` of `anyOf`/`oneOf: [X, { type: null }]` (either order) with nothing else that validates; else undefined. */
function nullablePair(schema: Json): unknown {
  const key = Array.isArray(schema.anyOf) ? "anyOf" : Array.isArray(schema.oneOf) ? "oneOf" : undefined;
  const members: unknown = key === undefined ? undefined : schema[key];
  if (!Array.isArray(members) || members.length !== 2) return undefined;
  if (Object.keys(schema).some((k) => k !== key && VALIDATING.has(k))) return undefined;
  const isNull = (member: unknown) => isRecord(member) && member.type === "null" && Object.keys(member).every((k) => k === "type" || !VALIDATING.has(k));
  const nulls = members.filter(isNull);
  return nulls.length === 1 ? members.find((member) => !isNull(member)) : undefined;
}
