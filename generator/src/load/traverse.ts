import { isRecord, joinPointer } from "./pointer.ts";

/** Walking the merged document: its operations and its references. */

export const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

export interface OperationEntry {
  pointer: string;
  path: string;
  method: string;
  pathItem: Record<string, unknown>;
  operation: Record<string, unknown>;
}

/** Every operation under `paths`, in document order. */
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
