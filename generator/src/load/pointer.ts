/** JSON values and RFC 6901 pointers into them. */

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

// Pointers are built for every node of a 500 kB spec on each run; most segments need no escaping, so skip the regexes.
export function escapeSegment(segment: string): string {
  if (!segment.includes("~") && !segment.includes("/")) return segment;
  return segment.replace(/~/g, "~0").replace(/\//g, "~1");
}

export function unescapeSegment(segment: string): string {
  if (!segment.includes("~")) return segment;
  return segment.replace(/~1/g, "/").replace(/~0/g, "~");
}

export function joinPointer(base: string, ...segments: (string | number)[]): string {
  let pointer = base;
  for (const segment of segments) pointer += "/" + escapeSegment(String(segment));
  return pointer;
}

export function splitPointer(pointer: string): string[] {
  if (pointer === "" || pointer === "#") return [];
  const body = pointer.startsWith("#") ? pointer.slice(1) : pointer;
  return body.split("/").slice(1).map(unescapeSegment);
}

export function parentPointer(pointer: string): string | undefined {
  if (pointer === "") return undefined;
  return pointer.slice(0, pointer.lastIndexOf("/"));
}

/** Reads the value at a pointer, or `undefined` when any segment is missing. */
export function getAtPointer(root: unknown, pointer: string): unknown {
  let node: unknown = root;
  for (const segment of splitPointer(pointer)) {
    if (node === null || typeof node !== "object") return undefined;
    if (!Object.prototype.hasOwnProperty.call(node, segment)) return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node;
}

/** A value with the pointer it was found at. */
export interface Located<T = unknown> {
  value: T;
  pointer: string;
}

/** Follows `$ref` chains (local refs only) from a node; returns the final node and its pointer. Stops on loops. */
export function followRefs(root: unknown, value: unknown, pointer = ""): Located {
  let current: Located = { value, pointer };
  for (let hops = 0; hops < 32 && isRecord(current.value) && typeof current.value.$ref === "string"; hops++) {
    const ref = current.value.$ref;
    if (!ref.startsWith("#")) break;
    const target = getAtPointer(root, ref.slice(1));
    if (target === undefined) break;
    current = { value: target, pointer: ref.slice(1) };
  }
  return current;
}
