import type { ApiModel, FilterEncoding, FilterFieldModel, OperationModel, ResourceModel } from "../model/types.ts";
import type { PackageExports } from "./exports.ts";
import type { EmittedFile } from "./file.ts";
import { Imports } from "./imports.ts";
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
  const users = new Map<string, { resource: ResourceModel; operation: OperationModel }[]>();
  for (const resource of model.resources) {
    for (const operation of resource.operations) {
      if (!operation.filter) continue;
      const name = operation.filter.fieldsTypeName;
      users.set(name, [...(users.get(name) ?? []), { resource, operation }]);
    }
  }
  const filterTypes = [...users].map(([name, uses]) => ({
    name,
    description: describe(uses),
    fields: uses[0]!.operation.filter!.fields.map((field) => ({
      key: propertyKey(field.name),
      value: field.enumName ? imports.use(field.enumName) : VALUE_TYPES[field.type],
      order: ORDERED.has(field.type),
      nullable: field.nullable,
    })),
  }));
  return renderCode("src/filters.ts", "filters.ts", { filterTypes }, imports);
}

/** "The fields a filter on `Contact` records can test, in {@link Contacts.search} and … (sent as …)." */
function describe(uses: { resource: ResourceModel; operation: OperationModel }[]): string {
  const byEncoding = new Map<FilterEncoding, string[]>();
  for (const { resource, operation } of uses) {
    const encoding = operation.filter!.encoding;
    byEncoding.set(encoding, [...(byEncoding.get(encoding) ?? []), `{@link ${resource.className}.${operation.methodName}}`]);
  }
  const parts = [...byEncoding].map(([encoding, methods]) => `${joinWords(methods)} (sent as ${ENCODINGS[encoding]})`);
  return `The fields a filter on \`${uses[0]!.operation.filter!.resource}\` records can test, in ${joinWords(parts)}.`;
}

function joinWords(words: string[]): string {
  return words.length <= 1 ? words.join("") : `${words.slice(0, -1).join(", ")} and ${words.at(-1)}`;
}

/** A property name as hand-written code has it: bare when it is an identifier, quoted otherwise. */
export function propertyKey(name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name);
}
