import { followRefs, isRecord, joinPointer } from "../load/pointer.ts";
import type { OperationEntry } from "../load/traverse.ts";
import type { ParameterModel } from "./types.ts";

/**
 * An operation's parameters, by OpenAPI's rule: its path item's, replaced by its own of the same name and location.
 * The model, the mock, the contract tools, diff and the lint rules all take parameters from here.
 */
export function readParameters(document: unknown, { pathItem, operation, pointer }: Pick<OperationEntry, "pathItem" | "operation" | "pointer">): ParameterModel[] {
  const byKey = new Map<string, ParameterModel>();
  const lists: [unknown, string][] = [
    [pathItem.parameters, joinPointer(pointer.slice(0, pointer.lastIndexOf("/")), "parameters")],
    [operation.parameters, joinPointer(pointer, "parameters")],
  ];
  for (const [list, listPointer] of lists) {
    if (!Array.isArray(list)) continue;
    list.forEach((entry, index) => {
      const parameter = followRefs(document, entry).value;
      if (!isRecord(parameter) || typeof parameter.name !== "string" || typeof parameter.in !== "string") return;
      byKey.set(`${parameter.in}:${parameter.name}`, {
        name: parameter.name,
        in: parameter.in as ParameterModel["in"],
        required: parameter.required === true,
        ...(typeof parameter.description === "string" && { description: parameter.description }),
        schema: parameter.schema ?? {},
        definition: parameter,
        pointer: joinPointer(listPointer, index),
      });
    });
  }
  return [...byKey.values()];
}
