import { _, Ajv2020, type Format } from "ajv/dist/2020.js";
import standaloneCodeModule from "ajv/dist/standalone/index.js";
import addFormatsModule from "ajv-formats";
import { fullFormats } from "ajv-formats/dist/formats.js";
import { isRecord } from "../load/pointer.ts";

// ajv-formats and ajv's standalone module are CommonJS; under NodeNext a default import is the module object, whose
// `default` is the function.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv2020) => Ajv2020;
/** ajv's standalone code for the schemas `refs` names (export name → schema id). */
export const standaloneCode = ((standaloneCodeModule as unknown as { default?: unknown }).default ?? standaloneCodeModule) as (
  ajv: Ajv2020,
  refs: Record<string, string>,
) => string;

/** The `$id` a document's schema components are registered under; `#/components/schemas/X` refs are rewritten to it. */
export const COMPONENTS_ID = "https://grinfi.invalid/components.json";
const SCHEMA_REF = "#/components/schemas/";
/** Keywords whose values are data, not schemas: a `$ref` key inside them is left alone. */
const DATA_KEYWORDS = new Set(["example", "examples", "const", "enum", "default"]);
/** Keywords whose value maps names to schemas: their keys are names, whatever they spell. */
const SCHEMA_MAPS = new Set(["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"]);

/** OpenAPI's own formats: `int32`, `int64`; `float`, `double`, `password` and `binary` restrict nothing. */
const OPENAPI_FORMATS: Record<string, Format> = {
  int32: { type: "number", validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 },
  int64: { type: "number", validate: (n: number) => Number.isInteger(n) },
  float: { type: "number", validate: () => true },
  double: { type: "number", validate: () => true },
  password: true,
  binary: true,
};

/** What standalone validator code (see validator-cache.ts) requires its formats from, and what that gives it. */
export const FORMATS_MODULE = "grinfi-codegen:formats";
export const STANDALONE_FORMATS: Record<string, unknown> = { ...fullFormats, ...OPENAPI_FORMATS };

/**
 * An ajv instance for OpenAPI 3.1 schemas (JSON Schema 2020-12) with formats on, OpenAPI's own formats added,
 * unknown keywords such as `example`, `discriminator` or `x-…` tolerated, and each referenced schema compiled once
 * as its own function. With `source`, the compiled functions can be written out as standalone code.
 */
export function createOpenApiAjv(options: { allErrors: boolean; coerceTypes?: boolean; source?: boolean }): Ajv2020 {
  const ajv = new Ajv2020({
    strict: false,
    allErrors: options.allErrors,
    coerceTypes: options.coerceTypes ?? false,
    logger: false,
    validateFormats: true,
    inlineRefs: false,
    validateSchema: false,
    code: { optimize: false, source: options.source ?? false, formats: _`require(${FORMATS_MODULE})` },
  });
  addFormats(ajv);
  for (const [name, format] of Object.entries(OPENAPI_FORMATS)) ajv.addFormat(name, format);
  return ajv;
}

/** A copy of a schema whose `#/components/schemas/X` refs point at `COMPONENTS_ID#/$defs/X` instead. */
export function toComponentRefs(node: unknown, isSchemaMap = false): unknown {
  if (Array.isArray(node)) return node.map((item) => toComponentRefs(item));
  if (!isRecord(node)) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (isSchemaMap) out[key] = toComponentRefs(value);
    else if (key === "$ref" && typeof value === "string" && value.startsWith(SCHEMA_REF)) out[key] = `${COMPONENTS_ID}#/$defs/${value.slice(SCHEMA_REF.length)}`;
    else out[key] = DATA_KEYWORDS.has(key) ? value : toComponentRefs(value, SCHEMA_MAPS.has(key));
  }
  return out;
}

/** Registers a document's schema components so rewritten refs resolve. */
export function addComponents(ajv: Ajv2020, schemas: Record<string, unknown>): void {
  ajv.addSchema({ $id: COMPONENTS_ID, $defs: toComponentRefs(schemas, true) } as Record<string, unknown>);
}
