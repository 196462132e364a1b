import type { ApiModel, FilterEncoding, FilterFieldModel, FilterModel, OperationModel, ResourceModel } from "../model/types.ts";
import type { PackageExports } from "./exports.ts";
import type { EmittedFile } from "./file.ts";
import { Imports } from "./imports.ts";
import { propertyKey } from "./layout.ts";
import { renderCode } from "./templates.ts";

const VALUE_TYPES: Record<FilterFieldModel["type"], string> = {
  string: "string",
  uuid: "string",
  integer: "number",
  number: "number",
  boolean: "boolean",
  "date-time": "string | Date",
};
const ORDERED = new Set<FilterFieldModel["type"]>(["integer", "number", "date-time"]);
const ENCODINGS: Record<FilterEncoding, string> = {
  body: "the `filter` object of the JSON body",
  query: "`filter[field]=…` query parameters",
  "query-json": "JSON text in the `filter` query parameter",
};

/**
 * `src/filters.ts`: one type per set of filter fields (see model/filter-names.ts), telling the filter builder
 * which fields exist, what values they take, whether order operators apply and whether null checks do.
 */
export function emitFilters(model: ApiModel, names: PackageExports): EmittedFile {
  const imports = new Imports("filters", names.declared);
  const users = new Map<string, FilterUse[]>();
  for (const resource of model.resources) {
    for (const operation of resource.operations) {
      const filter = operation.filter;
      if (filter) users.set(filter.fieldsTypeName, [...(users.get(filter.fieldsTypeName) ?? []), { resource, operation, filter }]);
    }
  }
  // Every use of one type filters the same fields (model/filter-names.ts), so the first one describes them.
  const filterTypes = [...users].map(([name, [first, ...others]]) => ({
    name,
    description: describe([first!, ...others]),
    // By name, as a reader looks them up; the model keeps x-filter's order.
    fields: [...first!.filter.fields].sort((a, b) => a.name.localeCompare(b.name)).map((field) => ({
      key: propertyKey(field.name),
      value: field.enumName ? imports.use(field.enumName) : VALUE_TYPES[field.type],
      order: ORDERED.has(field.type),
      nullable: field.nullable,
    })),
  }));
  return renderCode("src/filters.ts", "filters.ts", { filterTypes }, imports);
}

interface FilterUse {
  resource: ResourceModel;
  operation: OperationModel;
  filter: FilterModel;
}

/** "The fields a filter on `Contact` records can test, in {@link Contacts.search} and … (sent as …)." */
function describe(uses: FilterUse[]): string {
  const byEncoding = new Map<FilterEncoding, string[]>();
  for (const { resource, operation, filter } of uses) {
    const link = `{@link ${resource.className}.${operation.methodName}}`;
    byEncoding.set(filter.encoding, [...(byEncoding.get(filter.encoding) ?? []), link]);
  }
  const parts = [...byEncoding].map(([encoding, methods]) => `${joinWords(methods)} (sent as ${ENCODINGS[encoding]})`);
  return `The fields a filter on \`${uses[0]?.filter.resource}\` records can test, in ${joinWords(parts)}.`;
}

function joinWords(words: string[]): string {
  return words.length <= 1 ? words.join("") : `${words.slice(0, -1).join(", ")} and ${words.at(-1)}`;
}

