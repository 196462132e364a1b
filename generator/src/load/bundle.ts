import { readdirSync, existsSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { SpecError, type Finding, type SourceLocation } from "../errors.ts";
import { loadYamlFile, type YamlFile } from "./yaml-file.ts";
import { isRecord, joinPointer, parentPointer } from "./pointer.ts";

export type OpenApiDocument = Record<string, unknown> & {
  paths: Record<string, Record<string, unknown>>;
  components: Record<string, Record<string, unknown>>;
  webhooks?: Record<string, Record<string, unknown>>;
};

/** The merged document plus a way back from any of its JSON pointers to the source file and line. */
export interface Bundle {
  document: OpenApiDocument;
  rootDir: string;
  /** Every file that went into the bundle, root first. */
  files: string[];
  /** Problems found while merging that still left a usable document (missing or orphan resource files, clashes). */
  findings: Finding[];
  locate(pointer: string): SourceLocation | undefined;
}

const FRAGMENT_KEYS = new Set(["paths", "webhooks", "components"]);
const COMPONENT_ORDER = ["securitySchemes", "parameters", "headers", "requestBodies", "responses", "pathItems", "examples", "links", "callbacks", "schemas"];

/** `Pipeline Stages` → `pipeline-stages`: the resource file that holds a tag's operations. */
export function tagFileName(tag: string): string {
  return tag.trim().toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") + ".yaml";
}

/**
 * Reads `<specDir>/openapi.yaml`, every `components/*.yaml`, and one `resources/<tag>.yaml` per tag named in
 * `x-tagGroups`, and merges them into one document. Nothing is written; a problem throws a SpecError.
 */
export function bundleSpec(specDir: string, cwd = process.cwd()): Bundle {
  const display = (path: string) => relative(cwd, path) || path;
  const rootPath = join(specDir, "openapi.yaml");
  const root = loadYamlFile(rootPath, display(rootPath));
  if (!isRecord(root.value)) {
    // An empty file has no node to locate: point at its start.
    const location = root.locate("") ?? { file: root.file, line: 1, column: 1, pointer: "" };
    throw SpecError.single("root-shape", "the root file must be a YAML mapping", location, "start from openapi: 3.1.0 with info, tags, x-tagGroups, paths and components as keys");
  }
  const document = structuredClone(root.value) as OpenApiDocument;
  /** Bundled pointer prefix → the file that defined it. */
  const owners = new Map<string, YamlFile>();
  const findings: Finding[] = [];
  for (const section of ["paths", "components", "webhooks"] as const) {
    // Replaced by an empty mapping below, which would silently drop what the root wrote there.
    if (document[section] !== undefined && document[section] !== null && !isRecord(document[section])) {
      findings.push({ rule: "root-shape", severity: "error", message: `${section} must be a mapping`, hint: `write ${section}: {} or a mapping of ${section === "components" ? "component kinds" : "names"} to definitions`, location: root.locate(`/${section}`) });
    }
  }
  document.paths = isRecord(document.paths) ? document.paths as OpenApiDocument["paths"] : {};
  document.components = isRecord(document.components) ? document.components as OpenApiDocument["components"] : {};
  if (document.webhooks !== undefined && !isRecord(document.webhooks)) delete document.webhooks;
  const files = [root.file];

  const fragmentPaths: string[] = [];
  const componentsDir = join(specDir, "components");
  if (existsSync(componentsDir)) {
    for (const name of readdirSync(componentsDir).filter((n) => n.endsWith(".yaml")).sort()) fragmentPaths.push(join(componentsDir, name));
  }
  const resourcesDir = join(specDir, "resources");
  const expected = new Set<string>();
  for (const tag of tagsInGroups(root, findings)) {
    const path = join(resourcesDir, tagFileName(tag));
    expected.add(path);
    if (!existsSync(path)) {
      findings.push({
        rule: "resource-file-missing",
        severity: "error",
        message: `tag "${tag}" is listed in x-tagGroups but ${display(path)} does not exist`,
        hint: `create ${display(path)} with the tag's paths, or remove the tag from x-tagGroups`,
        location: root.locate("/x-tagGroups"),
      });
      continue;
    }
    fragmentPaths.push(path);
  }
  if (existsSync(resourcesDir)) {
    for (const name of readdirSync(resourcesDir).filter((n) => n.endsWith(".yaml")).sort()) {
      const path = join(resourcesDir, name);
      if (!expected.has(path)) {
        findings.push({
          rule: "resource-file-orphan",
          severity: "error",
          message: `${display(path)} belongs to no tag of x-tagGroups, so it would be left out of the bundle`,
          hint: "name the file after its tag in kebab case and list the tag in x-tagGroups",
          location: { file: display(path), line: 1, column: 1, pointer: "" },
        });
      }
    }
  }

  const fragments: YamlFile[] = [];
  for (const path of fragmentPaths) {
    try {
      fragments.push(loadYamlFile(path, display(path)));
    } catch (error) {
      if (error instanceof SpecError) findings.push(...error.findings);
      else throw error;
    }
  }
  // A file that could not be read leaves holes that would only cause follow-on noise: stop here in that case.
  if (fragments.length < fragmentPaths.length) throw new SpecError(findings);
  for (const fragment of fragments) {
    files.push(fragment.file);
    mergeFragment(document, fragment, owners, findings);
  }

  sortComponents(document);
  if (document.webhooks && Object.keys(document.webhooks).length === 0) delete document.webhooks;
  const ordered = orderTopLevel(document);

  return {
    document: ordered,
    rootDir: specDir,
    files,
    findings,
    locate(pointer) {
      for (let p: string | undefined = pointer; p !== undefined; p = parentPointer(p)) {
        const owner = owners.get(p);
        if (owner) return nearest(owner, pointer);
      }
      return nearest(root, pointer);
    },
  };
}

/** A document bundled already (a `grinfi-codegen bundle` output, YAML or JSON): one file, located by its own lines. */
export function bundleFile(path: string, cwd = process.cwd()): Bundle {
  const file = loadYamlFile(path, relative(cwd, path) || path);
  if (!isRecord(file.value)) {
    throw SpecError.single("root-shape", "a bundled spec must be a YAML or JSON mapping", { file: file.file, line: 1, column: 1, pointer: "" }, "pass the openapi.yaml `grinfi-codegen bundle` wrote");
  }
  const document = file.value as OpenApiDocument;
  document.paths = isRecord(document.paths) ? document.paths : {};
  document.components = isRecord(document.components) ? document.components : {};
  return { document, rootDir: dirname(path), files: [file.file], findings: [], locate: (pointer) => nearest(file, pointer) };
}

function nearest(file: YamlFile, pointer: string): SourceLocation | undefined {
  for (let p: string | undefined = pointer; p !== undefined; p = parentPointer(p)) {
    const location = file.locate(p);
    if (location) return { ...location, pointer };
  }
  return undefined;
}

function tagsInGroups(root: YamlFile, findings: Finding[]): string[] {
  const groups = (root.value as Record<string, unknown>)["x-tagGroups"];
  if (!Array.isArray(groups)) {
    throw SpecError.single("tag-groups-missing", "the root file has no x-tagGroups list", root.locate(""), "list the categories and their tags under x-tagGroups");
  }
  return groups.flatMap((group, index) => {
    if (isRecord(group) && typeof group.name === "string" && Array.isArray(group.tags) && group.tags.every((tag) => typeof tag === "string")) return group.tags as string[];
    findings.push({
      rule: "tag-groups-shape",
      severity: "error",
      message: "every x-tagGroups entry needs a name and a list of tag names",
      hint: "write each category as { name: Category, tags: [Tag, ...] }",
      location: root.locate(joinPointer("/x-tagGroups", index)),
    });
    return [];
  });
}

function mergeFragment(document: OpenApiDocument, fragment: YamlFile, owners: Map<string, YamlFile>, findings: Finding[]): void {
  const value = fragment.value;
  if (value === null || value === undefined) return;
  if (!isRecord(value)) {
    findings.push({ rule: "fragment-shape", severity: "error", message: "a spec fragment must be a YAML mapping", hint: "a fragment is a mapping with paths, webhooks and/or components", location: fragment.locate("") ?? { file: fragment.file, line: 1, column: 1, pointer: "" } });
    return;
  }
  for (const key of Object.keys(value)) {
    if (!FRAGMENT_KEYS.has(key)) {
      findings.push({
        rule: "fragment-shape",
        severity: "error",
        message: `unexpected top-level key "${key}" in a fragment`,
        hint: "fragments hold only paths, webhooks and components; document-wide settings belong in openapi.yaml",
        location: fragment.locate(joinPointer("", key)),
      });
    }
  }
  // Paths and webhooks merge per operation, components per name: two files may share a path, never a method.
  for (const section of ["paths", "webhooks"] as const) {
    const entries = value[section];
    if (entries === undefined) continue;
    if (!isRecord(entries)) {
      findings.push({ rule: "fragment-shape", severity: "error", message: `${section} must be a mapping`, hint: `map each ${section === "paths" ? "path" : "webhook name"} to its operations`, location: fragment.locate(`/${section}`) });
      continue;
    }
    const target = (document[section] ??= {}) as Record<string, Record<string, unknown>>;
    mergeTwoLevels(target, entries, `/${section}`, fragment, owners, findings);
  }
  const components = value.components;
  if (components !== undefined) {
    if (!isRecord(components)) {
      findings.push({ rule: "fragment-shape", severity: "error", message: "components must be a mapping", hint: "map each kind (schemas, parameters, responses, ...) to its named components", location: fragment.locate("/components") });
    } else {
      mergeTwoLevels(document.components, components, "/components", fragment, owners, findings);
    }
  }
}

function mergeTwoLevels(
  target: Record<string, Record<string, unknown>>,
  source: Record<string, unknown>,
  base: string,
  fragment: YamlFile,
  owners: Map<string, YamlFile>,
  findings: Finding[],
): void {
  for (const [outer, inner] of Object.entries(source)) {
    const outerPointer = joinPointer(base, outer);
    if (!isRecord(inner)) {
      findings.push({ rule: "fragment-shape", severity: "error", message: `${outerPointer} must be a mapping`, hint: "map names to definitions here", location: fragment.locate(outerPointer) });
      continue;
    }
    const into = (target[outer] ??= {});
    for (const [name, definition] of Object.entries(inner)) {
      const pointer = joinPointer(outerPointer, name);
      if (Object.prototype.hasOwnProperty.call(into, name)) {
        const previous = owners.get(pointer);
        const where = previous ? ` (first defined at ${previous.file}:${previous.locate(pointer)?.line ?? "?"})` : " (first defined in openapi.yaml)";
        findings.push({
          rule: "duplicate-definition",
          severity: "error",
          message: `${pointer} is defined twice${where}`,
          hint: "keep one definition and reference it from everywhere else",
          location: fragment.locate(pointer),
        });
        continue;
      }
      into[name] = definition;
      owners.set(pointer, fragment);
    }
  }
}

function sortComponents(document: OpenApiDocument): void {
  const sorted: Record<string, Record<string, unknown>> = {};
  const kinds = Object.keys(document.components).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  for (const kind of kinds) {
    const entries = document.components[kind] ?? {};
    sorted[kind] = Object.fromEntries(Object.keys(entries).sort().map((name) => [name, entries[name]]));
  }
  document.components = sorted;
}

function rank(kind: string): number {
  const index = COMPONENT_ORDER.indexOf(kind);
  return index === -1 ? COMPONENT_ORDER.length : index;
}

function orderTopLevel(document: OpenApiDocument): OpenApiDocument {
  const order = ["openapi", "info", "jsonSchemaDialect", "servers", "security", "tags", "x-tagGroups", "paths", "webhooks", "components"];
  const keys = Object.keys(document).sort((a, b) => {
    const ia = order.indexOf(a), ib = order.indexOf(b);
    return (ia === -1 ? order.length : ia) - (ib === -1 ? order.length : ib);
  });
  return Object.fromEntries(keys.map((k) => [k, document[k]])) as OpenApiDocument;
}
