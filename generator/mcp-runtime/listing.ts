/**
 * The input schema a tool shows in full mode's `tools/list`, which a model pays for on every turn: the operation's
 * schema without descriptions, with each shape used more than once written once in `$defs`, and, for the few
 * operations whose arguments are a large document (an automation graph), only the top level. The server still checks
 * every call against the operation's whole schema, and `describe_operation` answers that schema with its words.
 */
import type { JsonObject, JsonValue } from "./operations.js";

/** Keywords whose values are schemas, or maps or lists of schemas. */
const SUBSCHEMA = new Set(["items", "additionalProperties", "not", "contains", "propertyNames", "if", "then", "else"]);
const SUBSCHEMA_MAPS = new Set(["properties", "$defs", "patternProperties", "dependentSchemas"]);
const SUBSCHEMA_LISTS = new Set(["anyOf", "oneOf", "allOf", "prefixItems"]);

/**
 * Above this many bytes (about 300 tokens), a tool lists only the top level of its arguments: an automation graph
 * (over 30,000 bytes), the mass actions' many variants, a metrics call's filter and metric lists.
 */
export const ABRIDGED_ABOVE_BYTES = 1200;

/** A shape is written once in `$defs` when repeating it costs more than this many bytes. */
const HOISTED_FROM_BYTES = 40;

const isJsonObject = (value: JsonValue | undefined): value is JsonObject =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** `schema` with `change` applied to each of its direct subschemas (data such as `default` or `enum` is left). */
function mapSubschemas(schema: JsonObject, change: (sub: JsonObject, key: string) => JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) {
    if (SUBSCHEMA.has(key) && isJsonObject(value)) out[key] = change(value, key);
    else if (SUBSCHEMA_MAPS.has(key) && isJsonObject(value)) {
      const entries = Object.entries(value).map(([name, sub]) => [name, isJsonObject(sub) ? change(sub, name) : sub]);
      out[key] = Object.fromEntries(entries);
    } else if (SUBSCHEMA_LISTS.has(key) && Array.isArray(value)) {
      out[key] = value.map((sub) => (isJsonObject(sub) ? change(sub, key) : sub));
    } else out[key] = value;
  }
  return out;
}

/** A schema without its `description` keywords. */
export function withoutDescriptions(schema: JsonObject): JsonObject {
  const { description: _description, ...rest } = schema;
  return mapSubschemas(rest, withoutDescriptions);
}

/** Each subschema below the root. */
function subschemas(schema: JsonObject, visit: (sub: JsonObject) => void): void {
  mapSubschemas(schema, (sub) => {
    visit(sub);
    subschemas(sub, visit);
    return sub;
  });
}

/** The text of the shape whose repetitions cost the most, if writing it once saves bytes. */
function costliestRepeat(schema: JsonObject): string | undefined {
  const counts = new Map<string, number>();
  subschemas(schema, (sub) => {
    const text = JSON.stringify(sub);
    if (text.length >= HOISTED_FROM_BYTES && !("$ref" in sub)) counts.set(text, (counts.get(text) ?? 0) + 1);
  });
  let best: { text: string; saved: number } | undefined;
  for (const [text, count] of counts) {
    // Each use becomes a `{"$ref":"#/$defs/shapeN"}` of about 30 bytes; the shape itself is written once.
    const saved = (count - 1) * text.length - count * 30;
    if (count > 1 && saved > 0 && (!best || saved > best.saved)) best = { text, saved };
  }
  return best?.text;
}

/**
 * `schema` with every shape that repeats moved into `$defs` (as `shape`, `shape2`…: a name taken from where a shape
 * first sits could mislead where it also sits), largest saving first.
 */
export function hoistRepeated(schema: JsonObject): JsonObject {
  let current = schema;
  for (let text = costliestRepeat(current); text; text = costliestRepeat(current)) {
    const defs = isJsonObject(current["$defs"]) ? current["$defs"] : {};
    let name = "shape";
    for (let n = 2; name in defs; n += 1) name = `shape${n}`;
    const ref: JsonObject = { $ref: `#/$defs/${name}` };
    const replace = (sub: JsonObject): JsonObject => (JSON.stringify(sub) === text ? ref : mapSubschemas(sub, replace));
    const mapped = mapSubschemas(current, replace);
    const shape = mapSubschemas(JSON.parse(text) as JsonObject, replace);
    current = { ...mapped, $defs: { ...(isJsonObject(mapped["$defs"]) ? mapped["$defs"] : {}), [name]: shape } };
  }
  return current;
}

/** A schema's outline: its type (following a `$ref` into `defs`), the values of a short enum, an array's item type. */
function outline(schema: JsonObject, defs: JsonObject): JsonObject {
  const ref = schema["$ref"];
  const target = typeof ref === "string" ? defs[ref.replace("#/$defs/", "")] : schema;
  if (!isJsonObject(target)) return {};
  const out: JsonObject = {};
  for (const key of ["type", "format", "const"]) if (target[key] !== undefined) out[key] = target[key];
  const values = target["enum"];
  if (Array.isArray(values) && values.length <= 20) out["enum"] = values;
  const items = target["items"];
  if (isJsonObject(items)) {
    const itemOutline = outline(items, defs);
    if (Object.keys(itemOutline).length) out["items"] = itemOutline;
  }
  return out;
}

/** Only the top level of an object schema: each argument's outline, and what is required. */
export function abridged(schema: JsonObject): JsonObject {
  const defs = isJsonObject(schema["$defs"]) ? schema["$defs"] : {};
  const properties = isJsonObject(schema["properties"]) ? schema["properties"] : {};
  const out: JsonObject = {
    type: "object",
    properties: Object.fromEntries(
      Object.entries(properties).map(([name, sub]) => [name, isJsonObject(sub) ? outline(sub, defs) : {}]),
    ),
  };
  if (schema["required"] !== undefined) out["required"] = schema["required"];
  return out;
}

/** Null checks, which any field that can be null takes. */
const NULL_CHECKS: readonly JsonValue[] = ["is_null", "is_not_null"];
const TYPE_ORDER = ["string", "integer", "number", "boolean", "array", "object"];

/** The types and values a filter condition schema allows, followed through `anyOf` and `$ref`s into `defs`. */
function conditionForms(schema: JsonObject, defs: JsonObject): { types: Set<string>; values: JsonValue[] } {
  const types = new Set<string>();
  const values: JsonValue[] = [];
  const visit = (node: JsonValue | undefined): void => {
    if (!isJsonObject(node)) return;
    const ref = node["$ref"];
    if (typeof ref === "string") return visit(defs[ref.replace("#/$defs/", "")]);
    const members = node["anyOf"];
    if (Array.isArray(members)) return members.forEach(visit);
    const listed = node["enum"];
    if (Array.isArray(listed)) return void values.push(...listed);
    const type = node["type"];
    for (const name of Array.isArray(type) ? type : [type]) if (typeof name === "string") types.add(name);
  };
  visit(schema);
  return { types, values };
}

/**
 * A filter argument as listed: the names of its fields, the values of those that take a closed set, and for the others
 * the types their conditions take together (a value, a list, an `{operator: value}` object; the condition language is
 * described once, in the server's instructions, and `describe_operation` gives each field's own schema).
 */
function listedFilter(filter: JsonObject, defs: JsonObject): JsonObject | undefined {
  const fields = isJsonObject(filter["properties"]) ? Object.entries(filter["properties"]) : [];
  if (fields.length === 0 || !fields.every(([, field]) => isJsonObject(field) && "$ref" in field)) return undefined;
  const properties: JsonObject = {};
  const shared = new Set<string>();
  for (const [name, field] of fields) {
    const { types, values } = conditionForms(field as JsonObject, defs);
    const closedSet = !types.has("string") && values.some((value) => !NULL_CHECKS.includes(value));
    if (closedSet) properties[name] = { anyOf: [{ enum: values }, { type: [...types] }] };
    else {
      types.forEach((type) => shared.add(type));
      if (values.length > 0) shared.add("string");
    }
  }
  return {
    type: "object",
    propertyNames: { enum: fields.map(([name]) => name) },
    ...(Object.keys(properties).length ? { properties } : {}),
    additionalProperties: shared.size ? { type: TYPE_ORDER.filter((type) => shared.has(type)) } : false,
  };
}

/** `schema` without the `$defs` nothing refers to any more. */
function withoutUnusedDefs(schema: JsonObject): JsonObject {
  const { $defs: defs, ...rest } = schema;
  if (!isJsonObject(defs)) return schema;
  const used = new Set<string>();
  const pending = [JSON.stringify(rest)];
  for (let text = pending.pop(); text !== undefined; text = pending.pop()) {
    for (const [, name] of text.matchAll(/"#\/\$defs\/([^"]+)"/g)) {
      if (name && !used.has(name)) {
        used.add(name);
        pending.push(JSON.stringify(defs[name] ?? null));
      }
    }
  }
  const kept = Object.entries(defs).filter(([name]) => used.has(name));
  return kept.length ? { ...rest, $defs: Object.fromEntries(kept) } : rest;
}

/** What full mode lists for an operation's arguments, and whether that is only the top level of them. */
export function listedSchema(inputSchema: JsonObject): { schema: JsonObject; abridged: boolean } {
  let schema = withoutDescriptions(inputSchema);
  const properties = schema["properties"];
  const defs = schema["$defs"];
  if (isJsonObject(properties) && isJsonObject(properties["filter"]) && isJsonObject(defs)) {
    const filter = listedFilter(properties["filter"], defs);
    if (filter) schema = withoutUnusedDefs({ ...schema, properties: { ...properties, filter } });
  }
  // Unknown arguments are refused by name when the server checks the call: the list need not say it 170 times.
  const { additionalProperties: _closed, ...open } = hoistRepeated(schema);
  schema = open;
  if (JSON.stringify(schema).length <= ABRIDGED_ABOVE_BYTES) return { schema, abridged: false };
  return { schema: abridged(schema), abridged: true };
}
