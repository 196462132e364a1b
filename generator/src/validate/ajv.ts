import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { isRecord } from "../load/pointer.ts";

// ajv-formats is CommonJS; under NodeNext its default import is the module object, whose `default` is the plugin.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv2020) => Ajv2020;

/** The `$id` a document's schema components are registered under; `#/components/schemas/X` refs are rewritten to it. */
export const COMPONENTS_ID = "https://grinfi.invalid/components.json";
const SCHEMA_REF = "#/components/schemas/";
/** Keywords whose values are data, not schemas: a `$ref` key inside them is left alone. */
const DATA_KEYWORDS = new Set(["example", "examples", "const", "enum", "default"]);
/** Keywords whose value maps names to schemas: their keys are names, whatever they spell. */
const SCHEMA_MAPS = new Set(["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"]);

/**
 * An ajv instance for OpenAPI 3.1 schemas (JSON Schema 2020-12) with formats on, OpenAPI's own formats added
 * (`int32`, `int64`; `float`, `double`, `password`, `binary` restrict nothing), unknown keywords such as
 * `example`, `discriminator` or `x-…` tolerated, and each referenced schema compiled once as its own function.
 */
export function createOpenApiAjv(options: { allErrors: boolean; coerceTypes?: boolean }): Ajv2020 {
  const ajv = new Ajv2020({
    strict: false,
    allErrors: options.allErrors,
    coerceTypes: options.coerceTypes ?? false,
    logger: false,
    validateFormats: true,
    inlineRefs: false,
    validateSchema: false,
    code: { optimize: false },
  });
  addFormats(ajv);
  ajv.addFormat("int32", { type: "number", validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 });
  ajv.addFormat("int64", { type: "number", validate: (n: number) => Number.isInteger(n) });
  for (const name of ["float", "double"]) ajv.addFormat(name, { type: "number", validate: () => true });
  for (const name of ["password", "binary"]) ajv.addFormat(name, true);
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
