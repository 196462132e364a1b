import type { Finding } from "../errors.ts";
import type { Bundle } from "../load/bundle.ts";
import { getAtPointer, isRecord, joinPointer } from "../load/pointer.ts";
import { operations, walkRefs } from "../load/traverse.ts";

/**
 * The checks no spec may fail, whatever the lint configuration: every `$ref` is local and resolves (and no
 * chain of pure references loops), operationIds are unique, and path templates match path parameters.
 */
export function checkStructure(bundle: Bundle): Finding[] {
  const findings: Finding[] = [];
  const document = bundle.document;
  const error = (rule: string, pointer: string, message: string, hint?: string) =>
    findings.push({ rule, severity: "error", message, hint, location: bundle.locate(pointer) });

  // Everything downstream (Redocly's structure rules included, which throw on an unknown version) reads 3.1.
  const version = document.openapi;
  if (typeof version !== "string" || !version.startsWith("3.1.")) {
    const found = version === undefined ? "no openapi version" : `openapi: ${JSON.stringify(version)}${typeof version === "string" ? "" : ` (a ${typeof version}, not text)`}`;
    error("openapi-version", "/openapi", `the root must declare OpenAPI 3.1; it has ${found}`, "write openapi: 3.1.0 (quoted or not, with all three numbers) at the top of openapi.yaml");
  }

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

  findings.push(...selfContainingSchemas(bundle));

  const seenIds = new Map<string, string>();
  const pathsWithRepeats = new Set<string>();
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
    const repeated = inTemplate.find((name, index) => inTemplate.indexOf(name) !== index);
    if (repeated !== undefined && !pathsWithRepeats.has(path)) {
      pathsWithRepeats.add(path);
      error("path-parameter-repeated", pointer, `path "${path}" names {${repeated}} twice; one parameter cannot stand for two segments`, "give each segment its own parameter name (e.g. {thingUuid} and {partUuid}) and declare both");
    }
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

/** Keywords whose schemas apply to the same value as the schema holding them (no property or item is entered). */
const SAME_VALUE_LISTS = ["allOf", "anyOf", "oneOf"] as const;
const SAME_VALUE_SINGLES = ["not", "if", "then", "else"] as const;

/**
 * Referenced schemas that reach themselves again through `$ref`, `allOf`/`anyOf`/`oneOf`, `not` or `if`/`then`/`else`
 * without entering a property or item (`Loop: { allOf: [$ref: Loop] }`): checking any value against one never ends,
 * and validators overflow their stack. Pure `$ref` chains are reported as circular references already.
 */
function selfContainingSchemas(bundle: Bundle): Finding[] {
  const document = bundle.document;
  const targets = new Set<string>();
  walkRefs(document, "", (ref) => {
    if (ref.startsWith("#/")) targets.add(ref.slice(1));
  });
  const sameValue = (pointer: string): string[] => {
    const node = getAtPointer(document, pointer);
    if (!isRecord(node)) return [];
    const next = typeof node.$ref === "string" && node.$ref.startsWith("#/") ? [node.$ref.slice(1)] : [];
    for (const key of SAME_VALUE_LISTS) if (Array.isArray(node[key])) node[key].forEach((_, index) => next.push(joinPointer(pointer, key, index)));
    for (const key of SAME_VALUE_SINGLES) if (isRecord(node[key])) next.push(joinPointer(pointer, key));
    return next;
  };
  const findings: Finding[] = [];
  for (const start of [...targets].sort()) {
    if (isPureRef(getAtPointer(document, start))) continue;
    const seen = new Set<string>();
    const stack = [start];
    let via: string | undefined;
    while (stack.length > 0 && via === undefined) {
      const pointer = stack.pop()!;
      for (const next of sameValue(pointer)) {
        if (next === start) via = pointer;
        else if (!seen.has(next)) {
          seen.add(next);
          stack.push(next);
        }
      }
    }
    if (via !== undefined) {
      findings.push({
        rule: "circular-ref",
        severity: "error",
        message: `${start} contains itself again at ${via} without going into a property or item, so checking a value against it never ends`,
        hint: "point the reference at a real definition, or put the recursion under properties or items",
        location: bundle.locate(start),
      });
    }
  }
  return findings;
}

function isPureRef(value: unknown): value is { $ref: string } {
  return isRecord(value) && typeof value.$ref === "string";
}
