import type { PackageExports } from "./exports.ts";
import type { EmittedFile } from "./file.ts";
import { Imports } from "./imports.ts";
import { renderCode } from "./templates.ts";

/**
 * `src/models.ts`: a named type for every schema a user meets, so that hover and go-to-definition land on
 * `Contact` rather than inside schema.ts. A list page says which items its `data` holds (`PageOf`): the envelope
 * it extends declares `data` as a list of anything, and in an intersection that list would win over the page's own.
 */
export function emitModels(names: PackageExports): EmittedFile {
  const imports = new Imports("models", names.declared);
  const models = names.models.map(({ schema, typeName }) => {
    const component = `${imports.use("components")}["schemas"]["${schema.name}"]`;
    const item = names.pageItemType(schema.name);
    return {
      name: typeName,
      description: schema.description,
      type: item ? `PageOf<${component}, ${imports.use(item)}>` : component,
    };
  });
  const hasPages = names.models.some(({ schema }) => names.pageItemType(schema.name));
  return renderCode("src/models.ts", "models.ts", { models, hasPages }, imports);
}
