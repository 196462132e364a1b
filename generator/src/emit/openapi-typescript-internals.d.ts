// Declarations of the openapi-typescript files emit/openapi-typescript.ts imports: they have none of their own.
declare module "openapi-typescript/dist/transform/index.mjs" {
  import type { GlobalContext, OpenAPI3 } from "openapi-typescript";
  import type ts from "typescript";
  export default function transformSchema(schema: OpenAPI3, ctx: GlobalContext): ts.Node[];
}

declare module "openapi-typescript/dist/lib/utils.mjs" {
  import type { GlobalContext, OpenAPI3 } from "openapi-typescript";
  export function scanDiscriminators(schema: OpenAPI3, options: { silent?: boolean }): GlobalContext["discriminators"];
  export function resolveRef<T>(schema: OpenAPI3, $ref: string, options: { silent?: boolean }): T | undefined;
}

declare module "openapi-typescript/dist/lib/ts.mjs" {
  export { astToString } from "openapi-typescript";
}
