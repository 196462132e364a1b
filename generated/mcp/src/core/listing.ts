/**
 * The input schema a tool shows in full mode's `tools/list`, which a model pays for on every turn. It accepts
 * everything the operation's schema accepts, in fewer bytes: no descriptions; a filter as its fields' names and the
 * types their conditions take; no `$ref`s (several clients drop `$defs` before the model sees a schema); large
 * unions of plain values as their types; and for the few operations whose arguments are a large document (an
 * automation graph) only the top level. The server still checks every call against the operation's whole schema,
 * and `describe_operation` answers that schema with its words.
 */
import type { JsonObject, JsonValue } from "./operations.js";

/** Keywords whose values are schemas, or maps or lists of schemas. */
const SUBSCHEMA = new Set(["items", "additionalProperties", "not", "contains", "propertyNames", "if", "then", "else"]);
const SUBSCHEMA_MAPS = new Set(["properties", "$defs", "patternProperties", "dependentSchemas"]);
const SUBSCHEMA_LISTS = new Set(["anyOf", "oneOf", "allOf", "prefixItems"]);

/**
 * Above this many bytes (about 375 tokens), a tool lists only the top level of its arguments: an automation graph
 * (over 30,000 bytes) and one of its nodes, and the many variants of a mass action on contacts.
 */
export const ABRIDGED_ABOVE_BYTES = 1500;

/** Null checks, which any filter field that can be null takes. */
const NULL_CHECKS: readonly JsonValue[] = ["is_null", "is_not_null"];
const TYPE_ORDER = ["string", "integer", "number", "boolean", "array", "object", "null"];

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

/**
 * Above this many bytes, a union of plain values (no member requires a field: the free-form filter conditions of
 * mass actions, a value or a list or an operator object) is listed as the types its members take.
 */
const LOOSENED_FROM_BYTES = 200;

/** Every type a union's members take, in a fixed order; `undefined` when some member does not say. */
function memberTypes(members: readonly JsonValue[]): string[] | undefined {
  const types = new Set<string>();
  for (const member of members) {
    if (!isJsonObject(member)) return undefined;
    const type = member["type"];
    const nested = member["anyOf"] ?? member["oneOf"];
    const listed = Array.isArray(nested) ? memberTypes(nested) : Array.isArray(type) ? type : [type];
    if (!listed || !listed.every((name) => typeof name === "string")) return undefined;
    listed.forEach((name) => types.add(String(name)));
  }
  return TYPE_ORDER.filter((name) => types.has(name));
}

/** `schema` with each large union of plain values (see {@link LOOSENED_FROM_BYTES}) listed as its members' types. */
export function loosenValueUnions(schema: JsonObject): JsonObject {
  const members = schema["anyOf"] ?? schema["oneOf"];
  const text = JSON.stringify(schema);
  if (Array.isArray(members) && text.length > LOOSENED_FROM_BYTES && !text.includes('"required"')) {
    const types = memberTypes(members);
    if (types?.length) return { type: types };
  }
  return mapSubschemas(schema, loosenValueUnions);
}

/** A schema's outline: its type, the values of a short enum, an array's item type. */
function outline(schema: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const key of ["type", "format", "const"]) if (schema[key] !== undefined) out[key] = schema[key];
  const values = schema["enum"];
  if (Array.isArray(values) && values.length <= 20) out["enum"] = values;
  const items = schema["items"];
  if (isJsonObject(items)) {
    const itemOutline = outline(items);
    if (Object.keys(itemOutline).length) out["items"] = itemOutline;
  }
  return out;
}

/** Only the top level of an object schema: each argument's outline, and what is required. */
export function abridged(schema: JsonObject): JsonObject {
  const properties = isJsonObject(schema["properties"]) ? schema["properties"] : {};
  const out: JsonObject = {
    type: "object",
    properties: Object.fromEntries(
      Object.entries(properties).map(([name, sub]) => [name, isJsonObject(sub) ? outline(sub) : {}]),
    ),
  };
  if (schema["required"] !== undefined) out["required"] = schema["required"];
  return out;
}

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

/** `schema` with each `$ref` into its `$defs` replaced by the shape it names (a cycle is cut to `{}`). */
export function withoutRefs(schema: JsonObject): JsonObject {
  const { $defs: defs, ...rest } = schema;
  if (!isJsonObject(defs)) return schema;
  const inline = (sub: JsonObject, within: readonly string[]): JsonObject => {
    const ref = sub["$ref"];
    if (typeof ref !== "string") return mapSubschemas(sub, (child) => inline(child, within));
    const name = ref.replace("#/$defs/", "");
    const target = defs[name];
    if (!isJsonObject(target) || within.includes(name)) return {};
    return inline(target, [...within, name]);
  };
  return mapSubschemas(rest, (child) => inline(child, []));
}

/** What full mode lists for an operation's arguments, and whether that is only the top level of them. */
export function listedSchema(inputSchema: JsonObject): ListedSchema {
  let listed = listedSchemas.get(inputSchema);
  if (!listed) listedSchemas.set(inputSchema, (listed = shrink(inputSchema)));
  return listed;
}

interface ListedSchema {
  schema: JsonObject;
  abridged: boolean;
}

/** Operation schemas are fixed for the life of a server: each is shrunk once, not on every `tools/list`. */
const listedSchemas = new WeakMap<JsonObject, ListedSchema>();

function shrink(inputSchema: JsonObject): ListedSchema {
  let schema = withoutDescriptions(inputSchema);
  const properties = schema["properties"];
  const defs = schema["$defs"];
  if (isJsonObject(properties) && isJsonObject(properties["filter"]) && isJsonObject(defs)) {
    const filter = listedFilter(properties["filter"], defs);
    if (filter) schema = { ...schema, properties: { ...properties, filter } };
  }
  // Unknown arguments are refused by name when the server checks the call: the list need not say it 170 times.
  const { additionalProperties: _closed, ...open } = loosenValueUnions(withoutRefs(schema));
  schema = open;
  if (JSON.stringify(schema).length <= ABRIDGED_ABOVE_BYTES) return { schema, abridged: false };
  return { schema: abridged(schema), abridged: true };
}
