// The one file that reaches into openapi-typescript's own files, so package.json pins its exact version and
// test/generator/openapi-typescript.test.ts fails when they move. Why not its entry, openapiTS(): that validates and
// re-bundles the document with Redocly 1.x first (work the loader has done) and loads Redocly to do so; BENCHMARKS.md
// has what that costs.
import type { GlobalContext, OpenAPI3 } from "openapi-typescript";
import { astToString } from "openapi-typescript/dist/lib/ts.mjs";
import transformSchema from "openapi-typescript/dist/transform/index.mjs";
import { resolveRef, scanDiscriminators } from "openapi-typescript/dist/lib/utils.mjs";
import ts from "typescript";
import type { OpenApiDocument } from "../load/bundle.ts";

export interface PrintOptions {
  /** For a schema that stands for "any other value" of an open set: the primitive it is, printed `T & {}`. */
  otherValues(schema: Record<string, unknown>): "string" | "number" | undefined;
  /** For a schema that is a file's content: the type to print (`Blob`), instead of openapi-typescript's `string`. */
  fileType?(schema: Record<string, unknown>): string | undefined;
}

/**
 * openapi-typescript's `paths`, `components`, `operations` and `webhooks` types of a bundled, validated document, as
 * TypeScript text. Options are openapi-typescript's defaults except that a `default` does not make a field required
 * (it says what the server assumes when the field is left out).
 */
export function printSchemaTypes(document: OpenApiDocument, options: PrintOptions): string {
  const schema = document as unknown as OpenAPI3;
  const context: GlobalContext = {
    additionalProperties: false,
    alphabetize: false,
    arrayLength: false,
    defaultNonNullable: false,
    discriminators: scanDiscriminators(schema, { silent: true }),
    emptyObjectsUnknown: false,
    enum: false,
    enumValues: false,
    conditionalEnums: false,
    dedupeEnums: false,
    excludeDeprecated: false,
    exportType: false,
    immutable: false,
    rootTypes: false,
    rootTypesNoSchemaPrefix: false,
    rootTypesKeepCasing: false,
    injectFooter: [],
    pathParamsAsTypes: false,
    postTransform: undefined,
    propertiesRequiredByDefault: false,
    // Only read by the validation step this skips.
    redoc: undefined as unknown as GlobalContext["redoc"],
    silent: true,
    inject: undefined,
    transform(schemaObject) {
      const file = options.fileType?.(schemaObject as Record<string, unknown>);
      if (file !== undefined) return ts.factory.createTypeReferenceNode(file);
      const primitive = options.otherValues(schemaObject as Record<string, unknown>);
      if (primitive === undefined) return undefined;
      const keyword = primitive === "number" ? ts.SyntaxKind.NumberKeyword : ts.SyntaxKind.StringKeyword;
      return ts.factory.createIntersectionTypeNode([ts.factory.createKeywordTypeNode(keyword), ts.factory.createTypeLiteralNode([])]);
    },
    transformProperty: undefined,
    makePathsEnum: false,
    generatePathParams: false,
    readWriteMarkers: false,
    resolve: <T>($ref: string) => resolveRef<T>(schema, $ref, { silent: true }),
  };
  // Printed one declaration at a time, so that a blank line separates them.
  return transformSchema(schema, context).map((node) => astToString(node)).join("\n");
}
