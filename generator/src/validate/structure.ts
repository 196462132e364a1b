import type { Finding } from "../errors.ts";
import type { Bundle } from "../load/bundle.ts";
import { getAtPointer, isRecord, joinPointer } from "../load/pointer.ts";

export const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

/**
 * The checks no spec may fail, whatever the lint configuration: every `$ref` is local and resolves (and no
 * chain of pure references loops), operationIds are unique, and path templates match path parameters.
 */
export function checkStructure(bundle: Bundle): Finding[] {
  const findings: Finding[] = [];
  const document = bundle.document;
  const error = (rule: string, pointer: string, message: string, hint?: string) =>
    findings.push({ rule, severity: "error", message, hint, location: bundle.locate(pointer) });

  walkRefs(document, "", (ref, pointer) => {
    if (!ref.startsWith("#/")) {
      error("ref-not-local", pointer, `$ref "${ref}" points outside the merged document`, "refer to components by local pointer (#/components/schemas/Name); the bundler merges every spec file");
      return;
    }
    if (getAtPointer(document, ref) === undefined) {
      error("unresolved-ref", pointer, `$ref "${ref}" does not resolve`, "define the component, or fix the name in the reference");
      return;
    }
    const chain = [ref];
    for (let target = getAtPointer(document, ref); isPureRef(target); target = getAtPointer(document, target.$ref)) {
      if (chain.includes(target.$ref)) {
        error("circular-ref", pointer, `$ref "${ref}" only leads to itself: ${[...chain, target.$ref].join(" → ")}`, "point one of the references at a real definition");
        return;
      }
      chain.push(target.$ref);
    }
  });

  const seenIds = new Map<string, string>();
  for (const { pointer, operation, path, pathItem } of operations(document)) {
    const id = operation.operationId;
    if (typeof id === "string") {
      const first = seenIds.get(id);
      if (first) {
        const at = bundle.locate(first);
        error("duplicate-operation-id", joinPointer(pointer, "operationId"), `operationId "${id}" is already used at ${at?.file}:${at?.line}`, "give each operation its own operationId");
      } else {
        seenIds.set(id, joinPointer(pointer, "operationId"));
      }
    }
    const inTemplate = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] as string);
    const declared = new Map<string, string>();
    for (const [owner, list] of [["", pathItem.parameters], ["op", operation.parameters]] as const) {
      if (!Array.isArray(list)) continue;
      list.forEach((entry, index) => {
        const parameter = isPureRef(entry) ? getAtPointer(document, entry.$ref) : entry;
        if (isRecord(parameter) && parameter.in === "path" && typeof parameter.name === "string") {
          const base = owner === "op" ? joinPointer(pointer, "parameters") : joinPointer("/paths", path, "parameters");
          declared.set(parameter.name, joinPointer(base, index));
        }
      });
    }
    for (const name of inTemplate) {
      if (!declared.has(name)) {
        error("path-parameter-undeclared", pointer, `path "${path}" uses {${name}} but the operation declares no path parameter "${name}"`, `add a parameter with in: path, name: ${name}, required: true`);
      }
    }
    for (const [name, at] of declared) {
      if (!inTemplate.includes(name)) {
        error("path-parameter-unused", at, `path parameter "${name}" does not appear in the path "${path}"`, "remove the parameter or add it to the path template");
      }
    }
  }
  return findings;
}

export interface OperationEntry {
  pointer: string;
  path: string;
  method: string;
  pathItem: Record<string, unknown>;
  operation: Record<string, unknown>;
}

export function* operations(document: Record<string, unknown>): Generator<OperationEntry> {
  const paths = document.paths;
  if (!isRecord(paths)) return;
  for (const [path, pathItem] of Object.entries(paths)) {
    if (!isRecord(pathItem)) continue;
    for (const method of HTTP_METHODS) {
      const operation = pathItem[method];
      if (isRecord(operation)) yield { pointer: joinPointer("/paths", path, method), path, method, pathItem, operation };
    }
  }
}

function isPureRef(value: unknown): value is { $ref: string } {
  return isRecord(value) && typeof value.$ref === "string";
}

/** Calls `visit` for every `$ref` under a node, with its pointer; examples are data and are not searched. */
export function walkRefs(node: unknown, pointer: string, visit: (ref: string, pointer: string) => void): void {
  if (Array.isArray(node)) {
    node.forEach((item, index) => walkRefs(item, joinPointer(pointer, index), visit));
  } else if (isRecord(node)) {
    for (const [key, value] of Object.entries(node)) {
      if (key === "$ref" && typeof value === "string") visit(value, joinPointer(pointer, key));
      // Examples are data, not schema: a "$ref" key inside one is just a value.
      else if (key !== "example" && key !== "examples") walkRefs(value, joinPointer(pointer, key), visit);
    }
  }
}
