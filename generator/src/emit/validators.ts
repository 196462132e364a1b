import { _, Ajv2020, Name, stringify, type KeywordCxt } from "ajv/dist/2020.js";
import { formats } from "../../runtime/formats.ts";
import type { OpenApiDocument } from "../load/bundle.ts";
import { keptOutput } from "../cache.ts";
import { isRecord } from "../load/pointer.ts";
import type { ApiModel } from "../model/types.ts";
import { COMPONENTS_ID, standaloneCode } from "../validate/ajv.ts";
import type { EmittedFile } from "./file.ts";
import { KNOWN_VALUES, StrictSchemas } from "./strict-schemas.ts";
import { GENERATED_HEADER } from "./templates.ts";

/**
 * `src/validators.ts`: the validators `validateResponses` uses, one per operation and documented status, compiled
 * at generation time by ajv into standalone JavaScript (no schema compiler ships with the package) from the strict
 * variant of the answer schemas (emit/strict-schemas.ts). The file imports only the package's own formats, and the
 * transport loads it with a dynamic import the first time validation or capture needs it.
 */
export async function emitValidators(model: ApiModel, document: OpenApiDocument, sdk: string): Promise<EmittedFile> {
  const schemas = new StrictSchemas(isRecord(document.components?.schemas) ? document.components.schemas : {}, (name) => `${COMPONENTS_ID}#/$defs/${name}`);
  const components = schemas.components();

  // Answers with the same schema (every 401, say) share one validator.
  const idBySchema = new Map<string, string>();
  const entries: string[] = [];
  for (const operation of model.resources.flatMap((resource) => resource.operations)) {
    const responses = operation.responses.map(({ status, json }) => {
      if (json?.schema === undefined) return `${JSON.stringify(status)}: null`;
      const key = JSON.stringify(schemas.answer(json.schema));
      let id = idBySchema.get(key);
      if (id === undefined) {
        id = `answer${idBySchema.size}`;
        idBySchema.set(key, id);
      }
      return `${JSON.stringify(status)}: ${id}`;
    });
    const route = `${operation.httpMethod.toUpperCase()} ${operation.path}`;
    entries.push(`  ${JSON.stringify(route)}: {\n    operationId: ${JSON.stringify(operation.operationId)},\n    responses: { ${responses.join(", ")} },\n  },`);
  }
  const answers = [...idBySchema].map(([schema, id]) => ({ id, schema }));
  const code = await keptOutput("answer-validators", JSON.stringify({ components, answers }), () => compileValidators(components, answers));

  const contents = [
    GENERATED_HEADER,
    "// @ts-nocheck: ajv's standalone code, compiled from the answer schemas; its tests check it, not tsc.",
    "",
    'import { createAnswerInspector, type InspectorModule } from "./core/answers.js";',
    'import type { AnswerSpec } from "./core/drift.js";',
    'import { formats } from "./core/formats.js";',
    "",
    code.trim(),
    "",
    "/** The package and version, written into captured recordings. */",
    `export const sdk = ${JSON.stringify(sdk)};`,
    "",
    "/** Every operation of the SDK by `METHOD /path`, with a validator per documented status (null: no JSON body). */",
    'export const operations: AnswerSpec["operations"] = {',
    ...entries,
    "};",
    "",
    "/** Validation and capture of answers against these validators: what the transport loads when either is on. */",
    'export const inspector: InspectorModule["inspector"] = (options, redactor, GrinfiError, ResponseValidationError) =>',
    "  createAnswerInspector(options, redactor, { GrinfiError, ResponseValidationError }, { sdk, operations });",
    "",
  ].join("\n");
  return { path: "src/validators.ts", contents };
}

/** ajv's standalone code for the answers (as JSON text, by id), with the components they refer to. */
function compileValidators(components: Record<string, unknown>, answers: { id: string; schema: string }[]): string {
  const ajv = createValidatorAjv();
  ajv.addSchema({ $id: COMPONENTS_ID, $defs: components });
  for (const { id, schema } of answers) ajv.addSchema(JSON.parse(schema) as Record<string, unknown>, id);
  const code = standaloneCode(ajv, Object.fromEntries(answers.map(({ id }) => [id, id])))
    .replace(/^"use strict";/, "")
    // The validators are this module's own: only the table below is exported.
    .replace(/export const (answer\d+) = /g, "const $1 = ");
  const required = /\brequire\(([^)]*)\)/.exec(code);
  if (required) throw new Error(`the response validators need ${required[1]}, which the package does not provide`);
  return code;
}

/**
 * ajv for the validators: every error (a report lists them all), no messages (the SDK words its own), formats
 * read from the package's `formats` (generator/runtime/formats.ts, so they are checked here as there), `this`
 * passed down to every validator for the notes of `x-known-values`.
 */
function createValidatorAjv(): Ajv2020 {
  const ajv = new Ajv2020({
    strict: false,
    allErrors: true,
    messages: false,
    inlineRefs: false,
    passContext: true,
    validateSchema: false,
    code: { source: true, esm: true, lines: true, formats: _`formats` },
  });
  for (const [name, test] of Object.entries(formats)) ajv.addFormat(name, test);
  // `password` marks a secret field (spec/README.md): an annotation, nothing to check.
  ajv.addFormat("password", true);
  ajv.addKeyword({
    keyword: KNOWN_VALUES,
    schemaType: "array",
    // A value outside an open set is information, not an error: it is noted on `this`, and the value passes.
    code(cxt: KeywordCxt) {
      const { gen, data, schema } = cxt;
      const values = schema as (string | number)[];
      const unknown = values.map((value) => _`${data} !== ${value}`).reduce((all, one) => _`${all} && ${one}`);
      // `instancePath` is the name ajv gives the validators' own parameter for where they are in the value.
      const at = _`${new Name("instancePath")} + ${cxt.it.errorPath}`;
      gen.if(_`typeof ${data} === ${typeof values[0]} && ${unknown}`, () =>
        gen.code(_`this.notes.push({ instancePath: ${at}, known: ${stringify(values)} });`),
      );
    },
  });
  return ajv;
}
