import type { Oas3Rule } from "@redocly/openapi-core";
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { joinPointer } from "../../load/pointer.ts";
import { at, deref, isJsonMediaType, isRecord, pointerOf, quoteList, rootHolder, type Json, type Report } from "./support.ts";

// ajv-formats is CommonJS; under NodeNext its default import is the module object, whose `default` is the plugin.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv2020) => Ajv2020;

/** The `$id` the document's schema components are registered under; `#/components/schemas/X` refs are rewritten to it. */
const COMPONENTS_ID = "https://grinfi.invalid/components.json";
const SCHEMA_REF = "#/components/schemas/";
/** Keywords whose values are data, not schemas: their `$ref`-looking keys are left alone. */
const DATA_KEYWORDS = new Set(["example", "examples", "const", "enum", "default"]);

/** Keywords that do not affect validation: schemas differing only in them share a validator. */
const ANNOTATIONS = new Set(["title", "description", "example", "examples", "default", "deprecated", "readOnly", "writeOnly", "externalDocs", "xml"]);
const COMPONENT_POINTER = "/components/schemas/";

function withoutAnnotations(schema: Json): Json {
  return Object.fromEntries(Object.entries(schema).filter(([key]) => !ANNOTATIONS.has(key) && !key.startsWith("x-")));
}

/** Keywords whose value maps names to schemas: their keys are names, whatever they spell. */
const SCHEMA_MAPS = new Set(["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"]);

function rewriteRefs(node: unknown, isSchemaMap = false): unknown {
  if (Array.isArray(node)) return node.map((item) => rewriteRefs(item));
  if (!isRecord(node)) return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) {
    if (isSchemaMap) out[key] = rewriteRefs(value);
    else if (key === "$ref" && typeof value === "string" && value.startsWith(SCHEMA_REF)) out[key] = `${COMPONENTS_ID}#/$defs/${value.slice(SCHEMA_REF.length)}`;
    else out[key] = DATA_KEYWORDS.has(key) ? value : rewriteRefs(value, SCHEMA_MAPS.has(key));
  }
  return out;
}

function describeError(error: ErrorObject): { where: string; message: string } {
  const params = error.params as Record<string, unknown>;
  let message = error.message ?? "is invalid";
  let where = error.instancePath;
  if (error.keyword === "enum" && Array.isArray(params.allowedValues)) message += `: ${quoteList(params.allowedValues)}`;
  if (error.keyword === "additionalProperties" && typeof params.additionalProperty === "string") {
    message += ` (${params.additionalProperty})`;
    where = joinPointer(where, params.additionalProperty);
  }
  if (error.keyword === "unevaluatedProperties" && typeof params.unevaluatedProperty === "string") {
    message += ` (${params.unevaluatedProperty})`;
    where = joinPointer(where, params.unevaluatedProperty);
  }
  return { where, message: `${error.instancePath || "(the example itself)"} ${message}` };
}

interface Compiler {
  ajv: Ajv2020;
  validators: Map<string, ValidateFunction | Error>;
}

/**
 * Compiled validators only depend on the schema components, so lint runs over documents with the same components
 * (a watch loop, the test suite) share them; only the latest few sets are kept.
 */
const compilers = new Map<string, Compiler>();
const MAX_COMPILERS = 4;

function sharedCompiler(root: Json): Compiler {
  const components = root.components;
  const schemas = isRecord(components) && isRecord(components.schemas) ? components.schemas : {};
  const key = JSON.stringify(schemas);
  let compiler = compilers.get(key);
  if (compiler) {
    compilers.delete(key);
    compilers.set(key, compiler);
    return compiler;
  }
  // Each referenced component is compiled once, as its own function (inlineRefs: false), and schemas are trusted
  // (validateSchema: false): both keep the first lint of a large spec fast.
  const ajv = new Ajv2020({ strict: false, allErrors: false, logger: false, validateFormats: true, inlineRefs: false, validateSchema: false, code: { optimize: false } });
  addFormats(ajv);
  // OpenAPI's own formats: sizes of numbers, and string formats that restrict nothing.
  ajv.addFormat("int32", { type: "number", validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 });
  ajv.addFormat("int64", { type: "number", validate: (n: number) => Number.isInteger(n) });
  for (const name of ["float", "double"]) ajv.addFormat(name, { type: "number", validate: () => true });
  for (const name of ["password", "binary"]) ajv.addFormat(name, true);
  ajv.addSchema({ $id: COMPONENTS_ID, $defs: rewriteRefs(schemas, true) } as Json);
  compiler = { ajv, validators: new Map() };
  compilers.set(key, compiler);
  if (compilers.size > MAX_COMPILERS) compilers.delete(compilers.keys().next().value as string);
  return compiler;
}

/**
 * Examples are what readers copy and what mocks answer, so each one must validate: every `example`/`examples` of a
 * media type, parameter, header or schema is checked against its schema with ajv (JSON Schema 2020-12 and formats).
 * The finding points at the offending value inside the example.
 */
export const ExampleValid: Oas3Rule = () => {
  const root = rootHolder();
  let compiler: Compiler | undefined;
  const compilerFor = () => (compiler ??= sharedCompiler(root.get()));

  /** A validator per distinct schema: a component (or a pure `$ref` to one) shares the component's validator. */
  const validatorFor = (schema: unknown, componentName?: string): ValidateFunction | Error => {
    const name = componentName ?? (isRecord(schema) && Object.keys(schema).every((k) => k === "$ref" || ANNOTATIONS.has(k)) && typeof schema.$ref === "string" && schema.$ref.startsWith(SCHEMA_REF) ? schema.$ref.slice(SCHEMA_REF.length) : undefined);
    const key = name !== undefined ? `component:${name}` : JSON.stringify(isRecord(schema) ? withoutAnnotations(schema) : schema);
    const { ajv, validators } = compilerFor();
    let validator = validators.get(key);
    if (validator) return validator;
    try {
      if (name !== undefined) {
        validator = ajv.getSchema(`${COMPONENTS_ID}#/$defs/${name}`) ?? new Error(`no schema component ${name}`);
      } else {
        validator = ajv.compile(rewriteRefs(isRecord(schema) ? withoutAnnotations(schema) : {}) as Json);
      }
    } catch (error) {
      validator = error instanceof Error ? error : new Error(String(error));
    }
    validators.set(key, validator);
    return validator;
  };

  const check = (schema: unknown, example: unknown, pointer: string, report: Report, componentName?: string) => {
    if (schema === undefined) return;
    const validator = validatorFor(schema, componentName);
    if (validator instanceof Error) {
      report({ message: `cannot check the example ${pointer}: its schema does not compile (${validator.message})`, location: at(pointer) });
      return;
    }
    if (!validator(example)) {
      const first = validator.errors?.[0];
      if (!first) return;
      const { where, message } = describeError(first);
      report({ message: `example ${pointer} does not match its schema: ${message}`, location: at(pointer + where) });
      return;
    }
    // A string holding JSON (`contentMediaType: application/json`): what it holds must match `contentSchema`.
    if (isRecord(schema) && typeof example === "string" && typeof schema.contentMediaType === "string" && isJsonMediaType(schema.contentMediaType) && schema.contentSchema !== undefined) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(example);
      } catch (error) {
        report({ message: `example ${pointer} should hold JSON (contentMediaType: ${schema.contentMediaType}) but does not parse: ${(error as Error).message}`, location: at(pointer) });
        return;
      }
      const content = validatorFor(schema.contentSchema);
      if (content instanceof Error || content(parsed)) return;
      const first = content.errors?.[0];
      if (first) report({ message: `example ${pointer} holds JSON that does not match its contentSchema: ${describeError(first).message}`, location: at(pointer) });
    }
  };

  /** `example` and `examples` (a map of Example objects) of a media type, parameter or header. */
  const checkExamples = (holder: Json, schema: unknown, pointer: string, report: Report) => {
    if ("example" in holder) check(schema, holder.example, joinPointer(pointer, "example"), report);
    if (!isRecord(holder.examples)) return;
    for (const [name, entry] of Object.entries(holder.examples)) {
      const example = deref(root.get(), entry, joinPointer(pointer, "examples", name));
      if (isRecord(example.value) && "value" in example.value) check(schema, example.value.value, joinPointer(example.pointer, "value"), report);
    }
  };

  const checkParameterLike = (node: unknown, location: { pointer: string }, report: Report) => {
    const holder = node as Json;
    let schema = holder.schema;
    if (schema === undefined && isRecord(holder.content)) {
      const media = Object.values(holder.content)[0];
      schema = isRecord(media) ? media.schema : undefined;
    }
    checkExamples(holder, schema, pointerOf(location), report);
  };

  return {
    Root: { enter: (node) => root.set(node) },
    MediaType(node, ctx) {
      const media = node as unknown as Json;
      checkExamples(media, media.schema, pointerOf(ctx.location), ctx.report);
    },
    Parameter(node, ctx) {
      checkParameterLike(node, ctx.location, ctx.report);
    },
    Header(node, ctx) {
      checkParameterLike(node, ctx.location, ctx.report);
    },
    Schema(node, ctx) {
      const schema = node as unknown as Json;
      const pointer = pointerOf(ctx.location);
      const component = pointer.startsWith(COMPONENT_POINTER) && !pointer.slice(COMPONENT_POINTER.length).includes("/") ? pointer.slice(COMPONENT_POINTER.length) : undefined;
      if ("example" in schema) check(schema, schema.example, joinPointer(pointer, "example"), ctx.report, component);
      if (Array.isArray(schema.examples)) schema.examples.forEach((example, index) => check(schema, example, joinPointer(pointer, "examples", index), ctx.report, component));
    },
  };
};
