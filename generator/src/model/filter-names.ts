import { upperFirst } from "./names.ts";
import type { FilterFieldModel, FilterModel, OperationModel } from "./types.ts";

/**
 * Names the field-spec types of the filters, one per distinct set of fields of a resource:
 * - when every operation filtering a resource accepts the same fields, they share `<Resource>FilterFields`
 *   (`ContactFilterFields` for searching, counting, measuring and enriching contacts);
 * - when they differ, the set that holds every field of the others is `<Resource>FilterFields`, and each other
 *   set is named after the first operation (by operationId) that takes it: `<OperationId>FilterFields`; with no
 *   such set, every set is named after its first operation.
 */
export function nameFilterFields(operations: OperationModel[]): void {
  const byResource = new Map<string, OperationModel[]>();
  for (const operation of operations) {
    if (!operation.filter) continue;
    const resource = operation.filter.resource || upperFirst(operation.operationId);
    byResource.set(resource, [...(byResource.get(resource) ?? []), operation]);
  }
  for (const [resource, filtered] of byResource) {
    const sets = new Map<string, { fields: string[]; filters: FilterModel[]; firstOperationId: string }>();
    for (const operation of [...filtered].sort((a, b) => a.operationId.localeCompare(b.operationId))) {
      if (!operation.filter) continue;
      const fields = operation.filter.fields.map(fieldKey).sort();
      const key = fields.join("\n");
      const set = sets.get(key) ?? { fields, filters: [], firstOperationId: operation.operationId };
      set.filters.push(operation.filter);
      sets.set(key, set);
    }
    const all = [...sets.values()];
    const widest = all.find((set) => all.every((other) => other.fields.every((field) => set.fields.includes(field))));
    for (const set of all) {
      const name = set === widest ? `${resource}FilterFields` : `${upperFirst(set.firstOperationId)}FilterFields`;
      for (const filter of set.filters) filter.fieldsTypeName = name;
    }
  }
}

/** What makes two fields the same: name, value type, enum and whether null checks apply. */
function fieldKey(field: FilterFieldModel): string {
  return JSON.stringify([field.name, field.type, field.enumName ?? null, field.nullable]);
}
