import type { ApiModel, FilterFieldModel } from "../model/types.ts";
import type { EmittedFile } from "./file.ts";
import { withHeader } from "./project.ts";

const VALUE_TYPES: Record<FilterFieldModel["type"], string> = {
  string: "string",
  uuid: "string",
  integer: "number",
  number: "number",
  boolean: "boolean",
  "date-time": "string | Date",
};
const ORDERED = new Set<FilterFieldModel["type"]>(["integer", "number", "date-time"]);

/**
 * `src/filters.ts`: for every operation with `x-filter`, the type that tells the filter builder which fields
 * exist, what values they take, whether order operators apply and whether null checks do.
 */
export function emitFilters(model: ApiModel): EmittedFile {
  const enums = new Set<string>();
  const declarations: string[] = [];
  const declared = new Set<string>();
  for (const resource of model.resources) {
    for (const operation of resource.operations) {
      const filter = operation.filter;
      if (!filter || declared.has(filter.fieldsTypeName)) continue;
      declared.add(filter.fieldsTypeName);
      const fields = filter.fields.map((field) => {
        if (field.enumName) enums.add(field.enumName);
        const value = field.enumName ?? VALUE_TYPES[field.type];
        const key = /^[A-Za-z_$][\w$]*$/.test(field.name) ? field.name : JSON.stringify(field.name);
        return `  ${key}: { value: ${value}; order: ${ORDERED.has(field.type)}; nullable: ${field.nullable} };`;
      });
      declarations.push(
        `/** Fields the \`${operation.operationId}\` filter accepts (sent as ${encodingText(filter.encoding)}). */\n` +
          `export type ${filter.fieldsTypeName} = {\n${fields.join("\n")}\n};`,
      );
    }
  }
  // Written as text in one piece: ts-morph's structure printer re-indents multi-line type literals.
  const imports = enums.size ? `import type { ${[...enums].sort().join(", ")} } from "./enums.js";\n\n` : "";
  return { path: "src/filters.ts", contents: withHeader(imports + declarations.join("\n\n") + "\n") };
}

function encodingText(encoding: string): string {
  return encoding === "body" ? "the `filter` object of the JSON body" : encoding === "query" ? "`filter[field]=…` query parameters" : "JSON text in the `filter` query parameter";
}
