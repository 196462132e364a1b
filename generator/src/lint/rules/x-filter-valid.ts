import type { Oas3Rule } from "@redocly/openapi-core";
import { getAtPointer, joinPointer } from "../../load/pointer.ts";
import {
  at,
  deref,
  enumValues,
  isJsonMediaType,
  isRecord,
  jsonMediaTypes,
  operationLabel,
  operationParameters,
  type OperationPlace,
  requestBodySchema,
  pathOperationVisitor,
  schemaProperties,
  schemaRefName,
  type Json,
  type Located,
  type Report,
} from "./support.ts";

const ENCODINGS = ["body", "query", "query-json"];
const FIELD_TYPES = ["string", "uuid", "integer", "number", "boolean", "date-time"];

/** What values a property schema admits, as far as filters care. */
interface Shape {
  types: Set<string>;
  formats: Set<string>;
  /** Enum components the schema refers to. */
  enums: Set<string>;
  nullable: boolean;
  items?: Shape;
}

function shapeOf(root: unknown, schema: unknown, seen = new Set<unknown>()): Shape {
  const shape: Shape = { types: new Set(), formats: new Set(), enums: new Set(), nullable: false };
  const merge = (other: Shape) => {
    for (const key of ["types", "formats", "enums"] as const) for (const item of other[key]) shape[key].add(item);
    shape.nullable ||= other.nullable;
    shape.items ??= other.items;
  };
  if (!isRecord(schema) || seen.has(schema)) return shape;
  seen.add(schema);
  if (typeof schema.$ref === "string") {
    const target = getAtPointer(root, schema.$ref.replace(/^#/, ""));
    const name = schemaRefName(schema.$ref);
    if (name && enumValues(target)) shape.enums.add(name);
    merge(shapeOf(root, target, seen));
  }
  const types = Array.isArray(schema.type) ? schema.type : schema.type === undefined ? [] : [schema.type];
  for (const type of types) {
    if (type === "null") shape.nullable = true;
    else shape.types.add(String(type));
  }
  if (typeof schema.format === "string") shape.formats.add(schema.format);
  const values = Array.isArray(schema.enum) ? schema.enum : "const" in schema ? [schema.const] : [];
  for (const value of values) {
    if (value === null) shape.nullable = true;
    else if (types.length === 0) shape.types.add(typeof value === "number" ? (Number.isInteger(value) ? "integer" : "number") : typeof value);
  }
  for (const key of ["anyOf", "oneOf", "allOf"] as const) {
    const members = schema[key];
    if (Array.isArray(members)) for (const member of members) merge(shapeOf(root, member, seen));
  }
  if (schema.items !== undefined) shape.items = shapeOf(root, schema.items, seen);
  return shape;
}

function describe(shape: Shape): string {
  const types = [...shape.types].map((type) => {
    if (type === "string" && shape.formats.size > 0) return `string (format ${[...shape.formats].join("/")})`;
    if (type === "array" && shape.items) {
      const items = describe(shape.items);
      return `array of ${shape.items.types.size > 1 || shape.items.nullable ? `(${items})` : items}`;
    }
    return type;
  });
  const base = types.length > 0 ? types.join(" | ") : "untyped";
  const enums = shape.enums.size > 0 ? ` (enum ${[...shape.enums].join("/")})` : "";
  return `${base}${enums}${shape.nullable ? " or null" : ""}`;
}

function matchesType(type: string, shape: Shape): boolean {
  const isString = shape.types.has("string");
  switch (type) {
    case "uuid":
      return isString && shape.formats.has("uuid");
    case "date-time":
      return isString && shape.formats.has("date-time");
    case "string":
      return isString && !shape.formats.has("uuid") && !shape.formats.has("date-time");
    default:
      return shape.types.has(type);
  }
}

/** Where the operation's `filter` is: a body property or a query parameter (resolved, with its schema). */
interface FilterSite {
  encoding: "body" | "query" | "query-json";
  pointer: string;
  schema?: Located;
  problem?: string;
}

function findFilterSites(root: Json, operation: Json, place: OperationPlace): FilterSite[] {
  const sites: FilterSite[] = [];
  const body = requestBodySchema(root, place, operation);
  if (body) {
    const property = schemaProperties(root, body.value, body.pointer).get("filter");
    if (property) sites.push({ encoding: "body", pointer: property.pointer, schema: property });
  }
  for (const entry of operationParameters(root, place, operation)) {
    if (entry.name !== "filter" || entry.in !== "query") continue;
    const parameter = entry.parameter;
    const content = jsonMediaTypes(parameter.content, joinPointer(entry.pointer, "content"))[0];
    const schema = parameter.schema === undefined ? undefined : deref(root, parameter.schema, joinPointer(entry.pointer, "schema"));
    if (content) {
      sites.push({
        encoding: "query-json",
        pointer: entry.pointer,
        schema: content.value.schema === undefined ? undefined : { value: content.value.schema, pointer: joinPointer(content.pointer, "schema") },
        problem: "a query-json filter parameter is schema: { type: string, contentMediaType: application/json, contentSchema: { $ref } }, not content: (generated clients cannot send a query parameter without schema)",
      });
    } else if (schema && isRecord(schema.value) && typeof schema.value.contentMediaType === "string") {
      const json = isJsonMediaType(schema.value.contentMediaType);
      sites.push({
        encoding: "query-json",
        pointer: entry.pointer,
        schema: schema.value.contentSchema === undefined ? undefined : { value: schema.value.contentSchema, pointer: joinPointer(schema.pointer, "contentSchema") },
        problem: json && schema.value.type === "string" ? undefined : "a query-json filter parameter is a JSON string: schema: { type: string, contentMediaType: application/json, contentSchema: { $ref } }",
      });
    } else {
      const deep = parameter.style === "deepObject" && parameter.explode !== false;
      sites.push({
        encoding: "query",
        pointer: entry.pointer,
        schema: schema === undefined ? undefined : { value: parameter.schema, pointer: joinPointer(entry.pointer, "schema") },
        problem: deep ? undefined : "a query-encoded filter parameter needs style: deepObject and explode: true (filter[field]=value)",
      });
    }
  }
  return sites;
}

/** The schema component a filter property/parameter refers to: `$ref`, or `anyOf`/`oneOf` of a `$ref` and null. */
function filterSchemaRef(schema: unknown): string | undefined {
  if (!isRecord(schema)) return undefined;
  if (typeof schema.$ref === "string") return schema.$ref;
  for (const key of ["anyOf", "oneOf"] as const) {
    const members = schema[key];
    if (Array.isArray(members)) {
      const refs = members.filter((m) => isRecord(m) && typeof m.$ref === "string") as { $ref: string }[];
      if (refs.length === 1 && members.length <= 2) return refs[0]?.$ref;
    }
  }
  return undefined;
}

/**
 * `x-filter` describes an operation's filter for validators and filter builders, so it must agree with the rest of
 * the spec: a known encoding, an existing resource schema, fields of known types that exist on the resource with the
 * same type, nullability and enum, and a `filter` property/parameter whose schema has exactly those fields. A field
 * with `search: true` (free-text search, `q`) is the one that need not exist on the resource; it is a plain string.
 */
export const XFilterValid: Oas3Rule = () =>
  pathOperationVisitor(({ operation, place, root: doc, ctx }) => {
    const label = operationLabel(operation, place);
    const sites = findFilterSites(doc, operation, place);
    const xFilter = operation["x-filter"];
    const base = joinPointer(place.pointer, "x-filter");
    const report: Report = (problem) => ctx.report(problem);
    if (xFilter === undefined) {
      for (const site of sites) {
        report({ message: `operation ${label} takes a filter (${site.encoding === "body" ? "body property" : "query parameter"} \`filter\`) but has no x-filter; declare its encoding, resource and fields`, location: at(site.pointer, true) });
      }
      return;
    }
    if (!isRecord(xFilter)) {
      report({ message: "x-filter must be an object with encoding, resource and fields", location: at(base) });
      return;
    }
    const encoding = xFilter.encoding;
    if (typeof encoding !== "string" || !ENCODINGS.includes(encoding)) {
      report({ message: `x-filter encoding ${JSON.stringify(encoding)} is not one of ${ENCODINGS.join(", ")}`, location: xFilter.encoding === undefined ? at(base, true) : at(joinPointer(base, "encoding")) });
    }
    const schemas = isRecord(doc.components) && isRecord(doc.components.schemas) ? doc.components.schemas : {};
    const resourceName = xFilter.resource;
    let resourceProperties: Map<string, Located> | undefined;
    if (typeof resourceName !== "string" || !isRecord(schemas[resourceName])) {
      report({ message: `x-filter resource ${JSON.stringify(resourceName)} is not a schema component; name the schema whose records are filtered`, location: at(xFilter.resource === undefined ? base : joinPointer(base, "resource"), xFilter.resource === undefined) });
    } else {
      resourceProperties = schemaProperties(doc, schemas[resourceName], joinPointer("/components/schemas", resourceName));
    }
    const fields = isRecord(xFilter.fields) ? xFilter.fields : undefined;
    if (!fields || Object.keys(fields).length === 0) {
      report({ message: "x-filter needs fields: the field names the filter accepts, each with its type", location: at(xFilter.fields === undefined ? base : joinPointer(base, "fields"), xFilter.fields === undefined) });
    }
    const searchFields = new Set<string>();
    for (const [name, field] of Object.entries(fields ?? {})) {
      const fieldPointer = joinPointer(base, "fields", name);
      if (!isRecord(field) || typeof field.type !== "string" || !FIELD_TYPES.includes(field.type)) {
        const type = isRecord(field) ? field.type : field;
        report({ message: `x-filter field "${name}" has type ${JSON.stringify(type)}; use one of ${FIELD_TYPES.join(", ")}`, location: at(isRecord(field) && field.type !== undefined ? joinPointer(fieldPointer, "type") : fieldPointer) });
        continue;
      }
      if (field.search !== undefined && field.search !== true) {
        report({ message: `x-filter field "${name}" has search: ${JSON.stringify(field.search)}; use search: true for a free-text search key, or leave it out`, location: at(joinPointer(fieldPointer, "search")) });
      }
      if (field.search === true) {
        // A free-text search key (`q`): not a record field, so it is not looked up on the resource.
        if (field.type !== "string") report({ message: `x-filter search field "${name}" must have type: string`, location: at(joinPointer(fieldPointer, "type")) });
        for (const key of ["enum", "nullable"] as const) {
          if (field[key] !== undefined) report({ message: `x-filter search field "${name}" takes no ${key}: a search key is a plain string`, location: at(joinPointer(fieldPointer, key)) });
        }
        searchFields.add(name);
        continue;
      }
      if (field.enum !== undefined) {
        const target = typeof field.enum === "string" ? schemas[field.enum] : undefined;
        if (!enumValues(target)) {
          report({ message: `x-filter field "${name}" names enum ${JSON.stringify(field.enum)}, which is not an enum schema component`, location: at(joinPointer(fieldPointer, "enum")) });
        }
      }
      if (field.nullable !== undefined && typeof field.nullable !== "boolean") {
        report({ message: `x-filter field "${name}" has nullable: ${JSON.stringify(field.nullable)}; use true or leave it out`, location: at(joinPointer(fieldPointer, "nullable")) });
      }
      if (!resourceProperties) continue;
      const property = resourceProperties.get(name);
      if (!property) {
        report({ message: `x-filter field "${name}" is not a property of ${String(resourceName)}; filter fields must exist on the resource`, location: at(fieldPointer, true) });
        continue;
      }
      const outer = shapeOf(doc, property.value);
      // A filter on an array property tests membership: compare with the item type.
      const onlyArray = outer.types.size === 1 && outer.types.has("array") && outer.items;
      const shape = onlyArray && outer.items ? { ...outer.items, nullable: outer.nullable, enums: new Set([...outer.enums, ...outer.items.enums]) } : outer;
      const property$ = `${String(resourceName)}.${name}`;
      if (!matchesType(field.type, shape)) {
        report({ message: `x-filter field "${name}" is ${field.type} but ${property$} is ${describe(outer)}`, location: at(joinPointer(fieldPointer, "type")) });
      }
      const nullable = field.nullable === true;
      if (nullable !== shape.nullable) {
        report({
          message: nullable
            ? `x-filter field "${name}" says nullable: true but ${property$} does not allow null`
            : `${property$} allows null but x-filter field "${name}" is not nullable; add nullable: true`,
          location: at(field.nullable === undefined ? fieldPointer : joinPointer(fieldPointer, "nullable"), field.nullable === undefined),
        });
      }
      if (typeof field.enum === "string" && !shape.enums.has(field.enum)) {
        report({ message: `x-filter field "${name}" says enum: ${field.enum} but ${property$} does not $ref that enum (it is ${describe(outer)})`, location: at(joinPointer(fieldPointer, "enum")) });
      } else if (field.enum === undefined && shape.enums.size > 0) {
        report({ message: `${property$} is the enum ${[...shape.enums].join("/")}; add enum: ${[...shape.enums][0]} to x-filter field "${name}"`, location: at(fieldPointer, true) });
      }
    }

    if (typeof encoding !== "string" || !ENCODINGS.includes(encoding)) return;
    const site = sites.find((s) => s.encoding === encoding);
    if (!site) {
      const other = sites[0];
      const expected = encoding === "body" ? "`filter` property in the JSON request body" : encoding === "query" ? "`filter` query parameter with style: deepObject" : "`filter` query parameter holding JSON (schema: { type: string, contentMediaType: application/json, contentSchema })";
      report({
        message: `x-filter says encoding: ${encoding} but operation ${label} has no ${expected}${other ? ` (its filter is encoded as ${other.encoding})` : ""}`,
        location: at(joinPointer(base, "encoding")),
      });
      return;
    }
    if (site.problem) report({ message: site.problem, location: at(site.pointer) });
    const ref = filterSchemaRef(site.schema?.value);
    const filterName = schemaRefName(ref);
    if (!site.schema || !ref) {
      report({ message: `the filter of ${label} must $ref a <Resource>Filter schema component listing the x-filter fields`, location: at(site.schema?.pointer ?? site.pointer) });
      return;
    }
    const filterSchema = deref(doc, { $ref: ref }, site.schema.pointer);
    const filterProperties = schemaProperties(doc, filterSchema.value, filterSchema.pointer);
    const filterFields = new Set(filterProperties.keys());
    for (const name of searchFields) {
      const property = filterProperties.get(name);
      if (!property) continue;
      const shape = shapeOf(doc, property.value);
      if (shape.types.size !== 1 || !shape.types.has("string") || shape.nullable || shape.formats.size > 0) {
        report({ message: `search field "${name}" of ${filterName ?? ref} must be a plain string (type: string), not ${describe(shape)}: a search key takes no operators, lists or null checks`, location: at(property.pointer) });
      }
    }
    const declared = new Set(Object.keys(fields ?? {}));
    const missing = [...declared].filter((name) => !filterFields.has(name));
    const extra = [...filterFields].filter((name) => !declared.has(name));
    const shown = filterName ?? ref;
    for (const name of missing) {
      report({ message: `x-filter field "${name}" is not a property of the filter schema ${shown}; its properties must be exactly the x-filter fields`, location: at(joinPointer(base, "fields", name), true) });
    }
    if (extra.length > 0) {
      report({ message: `filter schema ${shown} has propert${extra.length > 1 ? "ies" : "y"} ${extra.join(", ")} that x-filter of ${label} does not list; its properties must be exactly the x-filter fields`, location: at(joinPointer(base, "fields"), true) });
    }
  });
