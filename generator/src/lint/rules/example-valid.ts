import { createHash } from "node:crypto";
import type { Oas3Rule } from "@redocly/openapi-core";
import type { Ajv2020, ErrorObject, ValidateFunction } from "ajv/dist/2020.js";
import { cacheFolder } from "../../cache.ts";
import { joinPointer } from "../../load/pointer.ts";
import { addComponents, COMPONENTS_ID, createOpenApiAjv, toComponentRefs } from "../../validate/ajv.ts";
import { openValidatorCache, type ValidatorCache } from "../../validate/validator-cache.ts";
import { at, deref, isJsonMediaType, isRecord, pointerOf, quoteList, rootHolder, schemaRefName, type Json, type Report } from "./support.ts";


/** Keywords that do not affect validation: schemas differing only in them share a validator. */
const ANNOTATIONS = new Set(["title", "description", "example", "examples", "default", "deprecated", "readOnly", "writeOnly", "externalDocs", "xml"]);
const COMPONENT_POINTER = "/components/schemas/";

function withoutAnnotations(schema: Json): Json {
  return Object.fromEntries(Object.entries(schema).filter(([key]) => !ANNOTATIONS.has(key) && !key.startsWith("x-")));
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
  /** Validators kept from an earlier run of the CLI (see validator-cache.ts). */
  cache: ValidatorCache | undefined;
  /** Registers the schema a validator key stands for in `ajv`, and returns its id. */
  register(key: string): string;
}

const COMPONENT_KEY = "component:";
const INLINE_ID = "https://grinfi.invalid/inline/";

/**
 * Compiled validators only depend on the schema components, so lint runs over documents with the same components
 * (a watch loop, the test suite) share them; only the latest few sets are kept.
 */
const compilers = new Map<string, Compiler>();
const MAX_COMPILERS = 4;

function sharedCompiler(root: Json): Compiler {
  const components = root.components;
  const schemas = isRecord(components) && isRecord(components.schemas) ? components.schemas : {};
  const componentsJson = JSON.stringify(schemas);
  const key = `${cacheFolder("validators") ?? ""}\0${componentsJson}`;
  let compiler = compilers.get(key);
  if (compiler) {
    compilers.delete(key);
    compilers.set(key, compiler);
    return compiler;
  }
  // Each referenced component is compiled once, as its own function (inlineRefs: false), and schemas are trusted
  // (validateSchema: false): both keep the first lint of a large spec fast.
  const cache = openValidatorCache(componentsJson);
  const ajv = createOpenApiAjv({ allErrors: false, source: cache !== undefined });
  addComponents(ajv, schemas);
  const register = (validatorKey: string): string => {
    if (validatorKey.startsWith(COMPONENT_KEY)) return `${COMPONENTS_ID}#/$defs/${validatorKey.slice(COMPONENT_KEY.length)}`;
    // An inline schema's key is its JSON (annotations left out).
    const id = `${INLINE_ID}${createHash("sha256").update(validatorKey).digest("hex").slice(0, 24)}.json`;
    if (!ajv.getSchema(id)) {
      const schema = JSON.parse(validatorKey) as unknown;
      ajv.addSchema(toComponentRefs(isRecord(schema) ? schema : {}) as Json, id);
    }
    return id;
  };
  compiler = { ajv, validators: new Map(), cache, register };
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
    const name = componentName ?? (isRecord(schema) && Object.keys(schema).every((k) => k === "$ref" || ANNOTATIONS.has(k)) ? schemaRefName(schema.$ref) : undefined);
    const key = name !== undefined ? `${COMPONENT_KEY}${name}` : JSON.stringify(isRecord(schema) ? withoutAnnotations(schema) : schema);
    const { validators, cache, register, ajv } = compilerFor();
    let validator = validators.get(key) ?? cache?.get(key);
    if (validator) {
      validators.set(key, validator);
      return validator;
    }
    try {
      validator = ajv.getSchema(register(key)) ?? new Error(`no schema component ${name}`);
      if (!(validator instanceof Error)) cache?.compiled(key, register(key));
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
    Root: {
      enter: (node) => root.set(node),
      leave: () => {
        if (compiler) compiler.cache?.save(compiler.ajv, compiler.register);
      },
    },
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
