// What the consumers of figures 4 and 6 call: for each resource (tag) of the bundled spec, its SDK property name
// (from generated/src/client.ts) and one operation (a GET when it has one) with its method, path and operationId.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { bundlePath, repoRoot } from "./common.mjs";

const HTTP = ["get", "put", "post", "delete", "patch"];

export function loadBundle() {
  return parse(readFileSync(bundlePath, "utf8"));
}

/** Tag name → SDK resource property, read from the doc comments of generated/src/client.ts. */
export function resourceProperties() {
  const source = readFileSync(join(repoRoot, "generated", "src", "client.ts"), "utf8");
  const map = new Map();
  for (const m of source.matchAll(/\/\*\* ([^:\n]+): [^\n]*\*\/\n\s+readonly (\w+): \w+;/g)) map.set(m[1], m[2]);
  return map;
}

/** Every operation of the bundle: { tag, operationId, xMethod, method, path, pathParams }. */
export function operations(doc = loadBundle()) {
  const ops = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of HTTP) {
      const op = item[method];
      if (!op) continue;
      ops.push({
        tag: op.tags?.[0],
        operationId: op.operationId,
        xMethod: op["x-method"],
        method: method.toUpperCase(),
        path,
        pathParams: [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]),
      });
    }
  }
  return ops;
}

/** One operation per resource, in the order of the client's properties: a GET if the tag has one. */
export function onePerResource(doc = loadBundle()) {
  const ops = operations(doc);
  const props = resourceProperties();
  return [...props].map(([tag, property]) => {
    const mine = ops.filter((o) => o.tag === tag);
    if (mine.length === 0) throw new Error(`no operation tagged ${tag}`);
    const pick = mine.find((o) => o.method === "GET") ?? mine[0];
    return { ...pick, property };
  });
}

export const SAMPLE_UUID = "3a4ac30b-1321-449c-9b37-e9fe3174e00e";
export const pathArgs = (op) => Object.fromEntries(op.pathParams.map((p) => [p, SAMPLE_UUID]));
