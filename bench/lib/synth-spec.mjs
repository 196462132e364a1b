// Makes a synthetic spec folder with `factor` times the operations of spec/: a copy of spec/ (without recordings)
// plus, for each N in 2..factor, every resources/<tag>.yaml duplicated as resources/<tag>-copyN.yaml under the tag
// "<Tag> CopyN": paths prefixed with /copyN, operationIds and webhook names suffixed, every component the resource
// files define renamed with the suffix CopyN (and every $ref, x-filter.resource and x-filter enum to it), and the
// new tags added to the root's `tags` and, next to their originals, to `x-tagGroups`. Components of
// components/*.yaml are shared by all copies.
//
//   node bench/lib/synth-spec.mjs <factor> <out-dir>
import { cpSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { isMain, repoRoot } from "./common.mjs";

const HTTP = new Set(["get", "put", "post", "delete", "patch", "head", "options", "trace"]);
const REF = /^#\/components\/([^/]+)\/([^/]+)(.*)$/;

export function makeSyntheticSpec(factor, outDir, specDir = join(repoRoot, "spec")) {
  mkdirSync(outDir, { recursive: true });
  cpSync(specDir, outDir, { recursive: true, filter: (src) => !src.startsWith(join(specDir, "recordings")) });
  const resourcesDir = join(outDir, "resources");
  const files = readdirSync(resourcesDir).filter((f) => f.endsWith(".yaml")).sort();
  const fragments = files.map((f) => ({ file: f, doc: parse(readFileSync(join(resourcesDir, f), "utf8")) }));

  // The component names the resource files own, by kind (schemas, parameters, responses, …).
  const owned = {};
  for (const { doc } of fragments) {
    for (const [kind, entries] of Object.entries(doc.components ?? {})) {
      owned[kind] ??= new Set();
      for (const name of Object.keys(entries)) owned[kind].add(name);
    }
  }
  const rootPath = join(outDir, "openapi.yaml");
  const root = parse(readFileSync(rootPath, "utf8"));
  const tagOf = new Map();
  for (const { file, doc } of fragments) {
    const tags = new Set();
    for (const item of Object.values(doc.paths ?? {})) for (const [m, op] of Object.entries(item)) if (HTTP.has(m)) for (const t of op.tags ?? []) tags.add(t);
    for (const item of Object.values(doc.webhooks ?? {})) for (const [m, op] of Object.entries(item)) if (HTTP.has(m)) for (const t of op.tags ?? []) tags.add(t);
    if (tags.size !== 1) throw new Error(`${file}: expected one tag, found ${[...tags].join(", ")}`);
    tagOf.set(file, [...tags][0]);
  }

  for (let n = 2; n <= factor; n++) {
    const suffix = `Copy${n}`;
    const renameRef = (ref) => {
      const m = REF.exec(ref);
      return m && owned[m[1]]?.has(m[2]) ? `#/components/${m[1]}/${m[2]}${suffix}${m[3]}` : ref;
    };
    const schemaName = (name) => (owned.schemas?.has(name) ? `${name}${suffix}` : name);
    const walk = (node, key) => {
      if (Array.isArray(node)) return node.map((x) => walk(x, key));
      if (!node || typeof node !== "object") {
        if (typeof node === "string" && (key === "$ref" || key === "mapping-value")) return renameRef(node);
        return node;
      }
      const out = {};
      for (const [k, v] of Object.entries(node)) {
        if (k === "operationId" && typeof v === "string") out[k] = `${v}${suffix}`;
        else if (k === "tags" && Array.isArray(v) && v.every((t) => typeof t === "string")) out[k] = v.map((t) => `${t} ${suffix}`);
        else if (k === "mapping" && v && typeof v === "object" && !Array.isArray(v)) out[k] = Object.fromEntries(Object.entries(v).map(([mk, mv]) => [mk, walk(mv, "mapping-value")]));
        else if (k === "x-filter" && v && typeof v === "object") {
          const filter = walk(v, k);
          if (typeof filter.resource === "string") filter.resource = schemaName(filter.resource);
          for (const field of Object.values(filter.fields ?? {})) if (typeof field?.enum === "string") field.enum = schemaName(field.enum);
          out[k] = filter;
        } else out[k] = walk(v, k);
      }
      return out;
    };
    for (const { file, doc } of fragments) {
      const copy = {};
      if (doc.paths) copy.paths = Object.fromEntries(Object.entries(doc.paths).map(([p, item]) => [`/copy${n}${p}`, walk(item)]));
      if (doc.webhooks) copy.webhooks = Object.fromEntries(Object.entries(doc.webhooks).map(([name, item]) => [`${name}_copy${n}`, walk(item)]));
      if (doc.components) {
        copy.components = Object.fromEntries(
          Object.entries(doc.components).map(([kind, entries]) => [kind, Object.fromEntries(Object.entries(entries).map(([name, v]) => [`${name}${suffix}`, walk(v)]))]),
        );
      }
      writeFileSync(join(resourcesDir, file.replace(/\.yaml$/, `-copy${n}.yaml`)), stringify(copy, { lineWidth: 0 }));
    }
    // New tags: in `tags` after the originals, and in the same x-tagGroups group as their original.
    const originals = [...new Set(tagOf.values())];
    for (const tag of originals) {
      const def = root.tags.find((t) => t.name === tag);
      root.tags.push({ ...def, name: `${tag} ${suffix}` });
      const group = root["x-tagGroups"].find((g) => g.tags.includes(tag));
      group.tags.push(`${tag} ${suffix}`);
    }
  }
  writeFileSync(rootPath, stringify(root, { lineWidth: 0 }));
  return outDir;
}

if (isMain(import.meta.url)) {
  const [factor, out] = process.argv.slice(2);
  if (!factor || !out) {
    process.stderr.write("usage: node bench/lib/synth-spec.mjs <factor> <out-dir>\n");
    process.exit(2);
  }
  makeSyntheticSpec(Number(factor), out);
  process.stdout.write(`${out}: ${factor}× the operations of spec/\n`);
}
