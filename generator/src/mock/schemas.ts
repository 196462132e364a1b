import type { Ajv2020, ErrorObject, ValidateFunction } from "ajv/dist/2020.js";
import { isRecord } from "../load/pointer.ts";
import { addComponents, createOpenApiAjv, toComponentRefs } from "../validate/ajv.ts";

function newAjv(components: Record<string, unknown>, coerceTypes: boolean): Ajv2020 {
  const ajv = createOpenApiAjv({ allErrors: true, coerceTypes });
  addComponents(ajv, components);
  return ajv;
}

/**
 * Compiles the spec's schemas with ajv (JSON Schema 2020-12 and formats). Bodies are checked as sent; query and
 * path values arrive as text, so they go through a second instance that coerces "20" to 20 where a number is wanted.
 */
export class SchemaCompiler {
  readonly #json: Ajv2020;
  readonly #text: Ajv2020;

  constructor(document: Record<string, unknown>) {
    const components = isRecord(document.components) && isRecord(document.components.schemas) ? document.components.schemas : {};
    this.#json = newAjv(components, false);
    this.#text = newAjv(components, true);
  }

  /** A validator for JSON values (request bodies, JSON text in a query parameter). */
  json(schema: unknown): ValidateFunction {
    return this.#json.compile(toComponentRefs(schema) as Record<string, unknown>);
  }

  /**
   * A validator for named text values: it takes `{ name: "value" }` and coerces each value in place to what its
   * schema wants, so one call checks all query (or path) parameters of an operation.
   */
  text(schemasByName: Record<string, unknown>): ValidateFunction {
    return this.#text.compile({ type: "object", properties: toComponentRefs(schemasByName, true) as Record<string, unknown> });
  }
}

export type FieldErrors = Record<string, string[]>;

/** Adds a message to a field's list, once. */
export function addMessage(errors: FieldErrors, field: string, message: string): void {
  const list = (errors[field] ??= []);
  if (!list.includes(message)) list.push(message);
}

/** `/filter/status/0` → `filter.status.0`, the dotted keys the API uses in `error.data`. */
function dotted(instancePath: string, prefix: string): string {
  const parts = instancePath.split("/").slice(1).map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"));
  return [prefix, ...parts].filter(Boolean).join(".");
}

const TYPE_WORDS: Record<string, string> = {
  string: "a string",
  integer: "an integer",
  number: "a number",
  boolean: "true or false",
  object: "an object",
  array: "a list",
  null: "null",
};

function describeType(type: unknown): string {
  const types = Array.isArray(type) ? type : String(type).split(",");
  return types.map((t) => TYPE_WORDS[String(t)] ?? String(t)).join(" or ");
}

/**
 * ajv errors → field → messages, worded like the API's own (`The name field is required.`). `prefix` names the
 * part of the request checked (empty for a body, `filter` for a query filter). A failed anyOf/oneOf is reported
 * once, as itself: the errors of its branches only say how each alternative missed, which helps nobody.
 */
export function toFieldErrors(errors: readonly ErrorObject[], prefix = "", into: FieldErrors = {}): FieldErrors {
  const alternatives = errors.filter((e) => e.keyword === "anyOf" || e.keyword === "oneOf").map((e) => e.instancePath);
  const insideAlternative = (e: ErrorObject) =>
    e.keyword !== "anyOf" && e.keyword !== "oneOf" && alternatives.some((path) => e.instancePath === path || e.instancePath.startsWith(path + "/"));
  for (const error of errors) {
    if (insideAlternative(error)) continue;
    const params = error.params as Record<string, unknown>;
    const field = dotted(error.instancePath, prefix);
    const name = field || "body";
    switch (error.keyword) {
      case "required": {
        const missing = [field, String(params.missingProperty)].filter(Boolean).join(".");
        addMessage(into, missing, `The ${missing} field is required.`);
        break;
      }
      case "additionalProperties": {
        const extra = [field, String(params.additionalProperty)].filter(Boolean).join(".");
        addMessage(into, extra, `The ${extra} field is not allowed here.`);
        break;
      }
      case "type":
        addMessage(into, name, `The ${name} field must be ${describeType(params.type)}.`);
        break;
      case "enum":
        addMessage(into, name, `The selected ${name} is invalid; use one of: ${(params.allowedValues as unknown[]).map(String).join(", ")}.`);
        break;
      case "const":
        addMessage(into, name, `The ${name} field must be ${JSON.stringify(params.allowedValue)}.`);
        break;
      case "format":
        addMessage(into, name, `The ${name} field must be a valid ${String(params.format)}.`);
        break;
      case "anyOf":
      case "oneOf":
        addMessage(into, name, `The ${name} field does not match any of its accepted forms.`);
        break;
      default:
        addMessage(into, name, `The ${name} field ${error.message ?? "is invalid"}.`);
    }
  }
  return into;
}
