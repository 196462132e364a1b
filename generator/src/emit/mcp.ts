import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import Handlebars from "handlebars";
import type { OpenApiDocument } from "../load/bundle.ts";
import { followRefs, isRecord } from "../load/pointer.ts";
import type { ApiModel, Effect, EnumModel, FilterFieldModel, FilterModel, OperationModel } from "../model/types.ts";
import type { JsonObject, JsonValue, OperationSpec } from "../../mcp-runtime/operations.ts";
import { ABRIDGED_ABOVE_BYTES, listedSchema } from "../../mcp-runtime/listing.ts";
import { listTools, visibleOperations } from "../../mcp-runtime/tools.ts";
import { EFFECT_SWITCHES, GUARDED_EFFECTS } from "../../mcp-runtime/effects.ts";
import type { EmittedFile } from "./file.ts";
import { valueLiteral } from "./layout.ts";
import { renderCode } from "./templates.ts";

export interface McpPackageSettings {
  packageName: string;
  version: string;
  /** The SDK package generated beside it, which the server depends on at exactly `version`. */
  sdkPackageName: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
}

/** Libraries the server runs on, at the exact versions the toolchain tests it with; what building it needs. */
const RUNTIME_LIBRARIES = ["@modelcontextprotocol/sdk", "ajv", "ajv-formats"];
const BUILD_LIBRARIES = ["@types/node", "typescript"];

/**
 * `@grinfi/sdk` → `@grinfi/mcp` (another SDK name gets `-mcp`), same version, depending on that SDK exactly and on
 * the versions of its libraries this repository's package.json pins.
 */
export function mcpPackageSettings(sdkPackageName: string, version: string, rootManifestPath: string): McpPackageSettings {
  const manifest = JSON.parse(readFileSync(rootManifestPath, "utf8")) as { devDependencies: Record<string, string> };
  const pinned = (name: string): [string, string] => [name, (manifest.devDependencies[name] ?? "").replace(/^[\^~]/, "")];
  return {
    packageName: sdkPackageName.endsWith("/sdk") ? sdkPackageName.replace(/\/sdk$/, "/mcp") : `${sdkPackageName}-mcp`,
    version,
    sdkPackageName,
    dependencies: Object.fromEntries([[sdkPackageName, version], ...RUNTIME_LIBRARIES.map(pinned)]),
    devDependencies: Object.fromEntries(BUILD_LIBRARIES.map(pinned)),
  };
}

/** Everything under `mcp/`: the `@grinfi/mcp` package, an MCP server over the SDK with one entry per operation. */
export function emitMcp(model: ApiModel, document: OpenApiDocument, settings: McpPackageSettings, runtimeDir: string, templatesDir: string): EmittedFile[] {
  const operations = operationSpecs(model, document);
  const context = mcpContext(model, operations, settings);
  const render = (template: string) =>
    Handlebars.compile(readFileSync(join(templatesDir, "mcp", template), "utf8"), { noEscape: true, strict: true })(context);
  const runtime = readdirSync(runtimeDir)
    .filter((name) => name.endsWith(".ts"))
    .sort()
    .map((name) => ({ path: `mcp/src/core/${name}`, contents: readFileSync(join(runtimeDir, name), "utf8") }));
  return [
    ...runtime,
    ...codeModules(operations, settings),
    { path: "mcp/README.md", contents: render("README.md.hbs") },
    { path: "mcp/package.json", contents: render("package.json.hbs") },
    { path: "mcp/tsconfig.json", contents: render("tsconfig.json.hbs") },
    { path: "mcp/CHANGELOG.md", contents: render("CHANGELOG.md.hbs") },
  ];
}

// --- the operation table ----------------------------------------------------------------------------------------------

/** Tools take and answer JSON: why an upload (a file in a multipart form) or a download (a file) has no tool. */
function fileReason(operation: OperationModel): string | undefined {
  if (operation.body?.mediaType === "multipart/form-data") return "its request is a multipart form with a file";
  if (operation.success.kind === "file") return `it answers a file (${operation.success.file?.mediaTypes.join(", ")})`;
  return undefined;
}

export function operationSpecs(model: ApiModel, document: OpenApiDocument): OperationSpec[] {
  const categoryOf = new Map(model.categories.flatMap((category) => category.resources.map((tag) => [tag, category.name] as const)));
  const enums = new Map(model.enums.map((enumModel) => [enumModel.name, enumModel]));
  const ordered = model.categories.flatMap((category) => category.resources.flatMap((tag) => model.resources.filter((r) => r.tag === tag)));
  return ordered.flatMap((resource) =>
    resource.operations.filter((operation) => !fileReason(operation)).map((operation) => {
      const input = toolInput(operation, document, enums);
      const spec: OperationSpec = {
        name: operation.operationId,
        summary: operation.summary,
        description: operation.description,
        tag: resource.tag,
        category: categoryOf.get(resource.tag) ?? "",
        method: upperMethod(operation.httpMethod),
        path: operation.path,
        effects: operation.effects,
        arguments: input.places,
        inputSchema: input.schema,
      };
      if (operation.filter) spec.filter = operation.filter.encoding;
      if (operation.body) spec.body = operation.body.required ? "required" : "optional";
      const secrets = secretFields(document, operation.success.json?.schema);
      if (secrets.length) spec.secrets = secrets;
      return spec;
    }),
  );
}

/**
 * The names of the properties that hold secrets (`format: password`) anywhere in an answer schema, sorted: what the
 * server withholds from the model unless `reveal` is switched on.
 */
export function secretFields(document: OpenApiDocument, schema: unknown): string[] {
  const found = new Set<string>();
  const seen = new Set<unknown>();
  const visit = (node: unknown): void => {
    const resolved = followRefs(document, node).value;
    if (!isRecord(resolved) || seen.has(resolved)) return;
    seen.add(resolved);
    for (const [key, value] of Object.entries(resolved)) {
      if (key === "properties" && isRecord(value)) {
        for (const [name, property] of Object.entries(value)) {
          const target = followRefs(document, property).value;
          if (isRecord(target) && target.format === "password") found.add(name);
          visit(property);
        }
      } else if (SCHEMA_LISTS.includes(key) && Array.isArray(value)) value.forEach(visit);
      else if (SCHEMA_VALUES.includes(key)) visit(value);
    }
  };
  visit(schema);
  return [...found].sort();
}

function upperMethod(method: OperationModel["httpMethod"]): OperationSpec["method"] {
  return method === "get" ? "GET" : method === "post" ? "POST" : method === "put" ? "PUT" : method === "delete" ? "DELETE" : "PATCH";
}

/**
 * The tool's arguments, flattened like the SDK's method parameters: path and query parameters and the body's
 * fields side by side (the SDK emitter already refuses a name used twice), the filter typed from `x-filter`.
 */
function toolInput(operation: OperationModel, document: OpenApiDocument, enums: Map<string, EnumModel>): { schema: JsonObject; places: Record<string, "path" | "query" | "body"> } {
  const properties: Record<string, JsonObject> = {};
  const required: string[] = [];
  const places: Record<string, "path" | "query" | "body"> = {};
  const defs: JsonObject = {};

  // The model's parameters: an operation's own replace its path item's of the same name and place.
  for (const parameter of operation.parameters) {
    const name = parameter.name;
    if (parameter.in !== "path" && parameter.in !== "query") continue;
    if (name === "filter" && operation.filter) {
      properties.filter = filterSchema(operation.filter, enums, parameter.description, defs);
    } else {
      const schema = toolSchema(document, parameter.schema, []);
      // A copy: schemas of components are shared between operations.
      properties[name] = typeof parameter.description === "string" ? { ...schema, description: brief(parameter.description) } : schema;
      places[name] = parameter.in;
    }
    if (parameter.required || parameter.in === "path") required.push(name);
  }

  const body = operation.body?.json?.schema;
  if (body) {
    const merged = objectOf(document, body);
    for (const [name, schema] of Object.entries(merged.properties)) {
      if (name === "filter" && operation.filter?.encoding === "body") properties.filter = filterSchema(operation.filter, enums, schema.description, defs);
      else {
        properties[name] = schema;
        places[name] = "body";
      }
    }
    if (operation.body?.required) required.push(...merged.required.filter((name) => !required.includes(name)));
  }

  const schema: JsonObject = { type: "object", properties };
  if (required.length) schema.required = required;
  schema.additionalProperties = false;
  if (Object.keys(defs).length) schema.$defs = defs;
  return { schema, places };
}

/**
 * A body schema as one object: `allOf` members merged; for a union (`oneOf`/`anyOf`, e.g. mass actions) the fields of
 * every variant, each field's alternatives combined, and only the fields every variant requires marked required.
 */
function objectOf(document: OpenApiDocument, schema: unknown): { properties: Record<string, JsonObject>; required: string[] } {
  const cleaned = toolSchema(document, schema, []);
  const { oneOf, anyOf, ...base } = cleaned;
  const variants = Array.isArray(oneOf) ? oneOf : Array.isArray(anyOf) ? anyOf : [];
  // Fields of the schema itself count as in every variant (`anyOf` may only say which fields are required).
  const objects = variants.length ? variants.filter(isJsonObject).map((variant) => mergeAllOf({ allOf: [base, variant] })) : [base];
  const byName = new Map<string, JsonObject[]>();
  for (const variant of objects) {
    for (const [name, property] of Object.entries(isJsonObject(variant.properties) ? variant.properties : {})) {
      if (isJsonObject(property)) byName.set(name, [...(byName.get(name) ?? []), property]);
    }
  }
  const requiredBy = (variant: JsonObject) => (Array.isArray(variant.required) ? variant.required.map(String) : []);
  const required = [...byName.keys()].filter((name) => objects.every((variant) => requiredBy(variant).includes(name)));
  const properties = Object.fromEntries([...byName].map(([name, alternatives]) => [name, combine(alternatives)]));
  return { properties, required };
}

/** One schema for a field that differs between union variants: `const` values gathered into an enum, else anyOf. */
function combine(alternatives: JsonObject[]): JsonObject {
  const distinct = [...new Map(alternatives.map((schema) => [JSON.stringify(schema), schema])).values()];
  if (distinct.length === 1) return distinct[0]!;
  if (distinct.every((schema) => "const" in schema)) {
    return { type: "string", enum: distinct.map((schema) => schema.const ?? null) };
  }
  return { anyOf: distinct };
}

const isJsonObject = (value: JsonValue | undefined): value is JsonObject => typeof value === "object" && value !== null && !Array.isArray(value);

/** Keywords a model does not need to fill in arguments (examples, OpenAPI annotations, response-only markers). */
const DROPPED = new Set(["example", "examples", "readOnly", "writeOnly", "deprecated", "xml", "externalDocs", "$comment", "discriminator", "title", "contentMediaType", "contentSchema"]);
/** Formats the server's validator knows; others (int32, float…) restrict nothing a model needs told. */
const FORMATS = new Set(["date-time", "date", "time", "email", "uri", "uuid", "hostname", "ipv4", "ipv6"]);
const SCHEMA_LISTS = ["allOf", "anyOf", "oneOf", "prefixItems"];
const SCHEMA_VALUES = ["items", "not", "contains", "propertyNames", "additionalProperties"];

interface ResolvedRefs {
  byRef: Map<string, JsonObject>;
  /** Set when a `$ref` back into the chain being inlined was cut to `{}`. */
  cut: boolean;
}

const resolvedByDocument = new WeakMap<OpenApiDocument, ResolvedRefs>();

function resolvedRefs(document: OpenApiDocument): ResolvedRefs {
  let resolved = resolvedByDocument.get(document);
  if (!resolved) resolvedByDocument.set(document, (resolved = { byRef: new Map(), cut: false }));
  return resolved;
}

/**
 * A spec schema as a self-contained tool schema: `$ref`s inlined (a schema that contains itself becomes `{}` at the
 * second visit), `allOf` of objects merged, `[X, null]` unions folded into X's type, descriptions cut to their
 * first sentence, and what is only documentation dropped.
 */
export function toolSchema(document: OpenApiDocument, node: unknown, stack: string[], resolved = resolvedRefs(document)): JsonObject {
  if (!isRecord(node)) return {};
  if (typeof node.$ref === "string") {
    const ref = node.$ref;
    if (stack.includes(ref)) {
      resolved.cut = true;
      return {};
    }
    // A component is inlined the same way wherever it is used, unless a cycle was cut inside it (then it depends on
    // where the cycle began), so most are worked out once per document.
    let target = resolved.byRef.get(ref);
    if (!target) {
      const outerCut = resolved.cut;
      resolved.cut = false;
      target = toolSchema(document, followRefs(document, { $ref: ref }).value, [...stack, ref], resolved);
      if (!resolved.cut) resolved.byRef.set(ref, target);
      resolved.cut ||= outerCut;
    }
    return typeof node.description === "string" ? { ...target, description: brief(node.description) } : target;
  }
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (DROPPED.has(key) || key.startsWith("x-") || value === undefined) continue;
    if (key === "description" && typeof value === "string") out.description = brief(value);
    else if (key === "format") {
      if (typeof value === "string" && FORMATS.has(value)) out.format = value;
    } else if (key === "properties" && isRecord(value)) {
      out.properties = Object.fromEntries(
        Object.entries(value)
          .filter(([, property]) => !isReadOnly(document, property))
          .map(([name, property]) => [name, toolSchema(document, property, stack, resolved)]),
      );
    } else if (SCHEMA_LISTS.includes(key) && Array.isArray(value)) {
      out[key] = value.map((member) => toolSchema(document, member, stack, resolved));
    } else if (SCHEMA_VALUES.includes(key) && isRecord(value)) {
      out[key] = toolSchema(document, value, stack, resolved);
    } else {
      out[key] = toJson(value);
    }
  }
  if (isJsonObject(out.properties) && Array.isArray(out.required)) {
    const names = Object.keys(out.properties);
    out.required = out.required.filter((name) => typeof name === "string" && names.includes(name));
    if (out.required.length === 0) delete out.required;
  }
  return foldNullable(mergeAllOf(out));
}

function isReadOnly(document: OpenApiDocument, property: unknown): boolean {
  const resolved = followRefs(document, property).value;
  return isRecord(resolved) && resolved.readOnly === true;
}

/** `allOf` whose members are all plain objects becomes one object; anything else is left as it is. */
function mergeAllOf(schema: JsonObject): JsonObject {
  const members = schema.allOf;
  if (!Array.isArray(members) || !members.every((member) => isJsonObject(member) && !("anyOf" in member) && !("oneOf" in member))) return schema;
  const { allOf: _members, ...rest } = schema;
  const merged: JsonObject = { ...rest };
  const properties: JsonObject = isJsonObject(rest.properties) ? { ...rest.properties } : {};
  const required = new Set<string>(Array.isArray(rest.required) ? rest.required.map(String) : []);
  for (const member of members.filter(isJsonObject)) {
    for (const [key, value] of Object.entries(member)) {
      if (key === "properties" && isJsonObject(value)) Object.assign(properties, value);
      else if (key === "required" && Array.isArray(value)) value.forEach((name) => required.add(String(name)));
      else if (!(key in merged)) merged[key] = value;
    }
  }
  if (Object.keys(properties).length) merged.properties = properties;
  if (required.size) merged.required = [...required];
  return merged;
}

/** `anyOf: [X, {type: null}]` → X with `null` added to its type (and enum), when X is a plain typed schema. */
function foldNullable(schema: JsonObject): JsonObject {
  const members = schema.anyOf;
  if (!Array.isArray(members) || members.length !== 2) return schema;
  const nullIndex = members.findIndex((member) => isJsonObject(member) && member.type === "null" && Object.keys(member).length === 1);
  const other = members[1 - nullIndex];
  if (nullIndex < 0 || !isJsonObject(other) || typeof other.type !== "string" || "anyOf" in other || "oneOf" in other) return schema;
  const { anyOf: _members, ...rest } = schema;
  const folded: JsonObject = { ...other, ...rest, type: [other.type, "null"] };
  if (Array.isArray(other.enum)) folded.enum = [...other.enum, null];
  return folded;
}

function toJson(value: unknown): JsonValue {
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (Array.isArray(value)) return value.map(toJson);
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toJson(item)]));
  return null;
}

/** The first sentence of a description, on one line: enough for a model to fill the argument in. */
export function brief(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  const end = flat.search(/[.!?](\s|$)/);
  return end < 0 ? flat : flat.slice(0, end + 1);
}

// --- filters ------------------------------------------------------------------------------------------------------------

const EQUALITY = ["=", "!=", "<>"];
const ORDER = ["<", "<=", ">", ">="];
const ORDERED = new Set<FilterFieldModel["type"]>(["integer", "number", "date-time"]);
const SCALARS: Record<FilterFieldModel["type"], JsonObject> = {
  string: { type: "string" },
  uuid: { type: "string", format: "uuid" },
  integer: { type: "integer" },
  number: { type: "number" },
  boolean: { type: "boolean" },
  // Dates are compared as text the API parses: a date ("2026-07-01") or a date-time.
  "date-time": { type: "string" },
};
const DEF_NAMES: Record<FilterFieldModel["type"], string> = {
  string: "text", uuid: "uuid", integer: "integer", number: "number", boolean: "boolean", "date-time": "date",
};

/**
 * The `filter` argument from `x-filter`: only the operation's real fields (an unknown one makes some endpoints
 * answer 500), each taking a value, a list (any of), an object of the operators its type allows, or (when the field
 * can be null) a null check. The condition shapes are written once per kind of value (`uuid`, `date`, an enum's
 * name; `…OrNull` adding the null checks) in the tool schema's `$defs` and referred to by each field, which keeps a
 * filter of thirty fields small.
 */
function filterSchema(filter: FilterModel, enums: Map<string, EnumModel>, description: unknown, defs: JsonObject): JsonObject {
  const properties: JsonObject = {};
  for (const field of filter.fields) {
    const enumModel = field.enumName ? enums.get(field.enumName) : undefined;
    const kind = enumModel ? enumModel.name : DEF_NAMES[field.type];
    if (!(kind in defs)) {
      const scalar = enumModel ? enumSchema(enumModel, SCALARS[field.type]) : SCALARS[field.type];
      const operators = ORDERED.has(field.type) ? [...EQUALITY, ...ORDER] : EQUALITY;
      defs[kind] = {
        anyOf: [
          scalar,
          { type: "array", items: scalar },
          { type: "object", propertyNames: { enum: operators }, additionalProperties: scalar },
        ],
      };
    }
    const name = field.nullable ? `${kind}OrNull` : kind;
    if (!(name in defs)) defs[name] = { anyOf: [{ $ref: `#/$defs/${kind}` }, { enum: ["is_null", "is_not_null"] }] };
    properties[field.name] = { $ref: `#/$defs/${name}` };
  }
  const intro = typeof description === "string" ? `${brief(description)} ` : "";
  return {
    type: "object",
    description: `${intro}All must hold; each field takes a value (equals), a list (any of), {operator: value} or a null check.`,
    properties,
    additionalProperties: false,
  };
}

/**
 * An enum's values as a tool schema: a closed set is its `enum`; an open one (DECISIONS D1) lists the values seen so
 * far and accepts any other value of the type, as the spec writes it.
 */
function enumSchema(enumModel: EnumModel, scalar: JsonObject): JsonObject {
  if (!enumModel.open) return { enum: enumModel.values };
  return { anyOf: [{ ...scalar, enum: enumModel.values }, scalar] };
}

// --- TypeScript modules ------------------------------------------------------------------------------------------------

/** `src/operations.ts`, `src/index.ts` and `src/bin.ts`, from templates/code/mcp/. */
function codeModules(operations: OperationSpec[], settings: McpPackageSettings): EmittedFile[] {
  const table = "export const OPERATIONS: readonly OperationSpec[] = ";
  const bin = renderCode("mcp/src/bin.ts", "mcp/bin.ts", { version: JSON.stringify(settings.version) });
  return [
    renderCode("mcp/src/operations.ts", "mcp/operations.ts", { operations: valueLiteral(operations, "", table.length) }),
    renderCode("mcp/src/index.ts", "mcp/index.ts", {}),
    // A bin starts with its interpreter line, before the header.
    { ...bin, contents: `#!/usr/bin/env node\n${bin.contents}` },
  ];
}

// --- README figures ----------------------------------------------------------------------------------------------------

/** Bytes of a `tools/list` answer as sent (compact JSON), and tokens estimated at 4 bytes a token. */
export function toolListSize(answer: unknown): { bytes: number; tokens: number } {
  const bytes = Buffer.byteLength(JSON.stringify(answer), "utf8");
  return { bytes, tokens: Math.round(bytes / 4) };
}

function mcpContext(model: ApiModel, operations: OperationSpec[], settings: McpPackageSettings) {
  const none = new Set<never>();
  // What a server started without --allow-reveal lists: the operations that reveal a secret are left out.
  const offered = visibleOperations(operations, none);
  const compact = toolListSize(listTools("compact", operations, none));
  const full = toolListSize(listTools("full", operations, none));
  const categories = model.categories.map((category) => {
    const selected = operations.filter((operation) => operation.category === category.name);
    const count = offered.filter((operation) => operation.category === category.name).length;
    return { name: category.name, tags: category.resources.join(", "), count, ...toolListSize(listTools("full", selected, none)) };
  });
  const byEffect = (effect: Effect) => operations.filter((operation) => operation.effects.includes(effect)).length;
  return {
    ...settings,
    dependencyList: Object.entries(settings.dependencies).map(([name, version]) => ({ name, version })),
    devDependencyList: Object.entries(settings.devDependencies).map(([name, version]) => ({ name, version })),
    specVersion: model.version,
    operationCount: operations.length,
    offeredCount: offered.length,
    readCount: byEffect("read"),
    effectCounts: GUARDED_EFFECTS.map((effect) => ({ ...EFFECT_SWITCHES[effect], count: byEffect(effect) })),
    revealing: operations.filter((operation) => operation.effects.includes("reveal")).map((operation) => operation.name),
    secretFields: [...new Set(operations.flatMap((operation) => operation.secrets ?? []))].sort(),
    abridged: operations.filter((operation) => listedSchema(operation.inputSchema).abridged).map((operation) => operation.name),
    abridgedAbove: ABRIDGED_ABOVE_BYTES,
    withoutTool: model.operations.flatMap((operation) => {
      const reason = fileReason(operation);
      return reason ? [{ operationId: operation.operationId, reason }] : [];
    }),
    compact,
    full,
    categories,
    exampleCategory: categories[0]?.name ?? "",
  };
}
