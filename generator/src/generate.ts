import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { emitClient, emitIndex } from "./emit/client.ts";
import { emitEnums } from "./emit/enums.ts";
import { PackageExports } from "./emit/exports.ts";
import type { EmittedFile } from "./emit/file.ts";
import { emitFilters } from "./emit/filters.ts";
import { emitFlow } from "./emit/flow.ts";
import { emitMcp, mcpPackageSettings } from "./emit/mcp.ts";
import { emitModels } from "./emit/models.ts";
import { emitResources } from "./emit/resources.ts";
import { emitRuntime } from "./emit/runtime.ts";
import { emitText } from "./emit/text.ts";
import { emitTypes } from "./emit/types.ts";
import { emitValidators } from "./emit/validators.ts";
import { typesInput } from "./emit/types-input.ts";
import { emitWebhooks } from "./emit/webhooks.ts";
import { bundleSpec } from "./load/bundle.ts";
import { serializeBundle } from "./load/index.ts";
import { buildModel } from "./model/build.ts";
import { MCP_RUNTIME_DIR, REPO_ROOT, RUNTIME_DIR, TEMPLATES_DIR } from "./paths.ts";
import { validateBundle } from "./validate/index.ts";
import { replaceDirectory } from "./write/atomic.ts";

/** Left alone by `generate` and ignored by `check`: build output and installs inside the package folders. */
const UNMANAGED = ["dist", "node_modules", "mcp/dist", "mcp/node_modules"];

export interface GenerateOptions {
  specDir: string;
  packageName?: string;
}

/**
 * The whole of `generated/`, in memory: load → validate → model → emit. Each step stops with a SpecError listing
 * every problem it found, located in the spec's files; `generate` below then writes.
 */
export async function generateFiles(options: GenerateOptions): Promise<Map<string, string>> {
  // Load: the spec's files, merged into one document that remembers where each part was written.
  const bundle = bundleSpec(options.specDir);
  // Validate: references, operationIds, path parameters and the OpenAPI 3.1 structure.
  await validateBundle(bundle);
  // Model: resources, operations, filters, pages, enums and webhooks, with the spec's extensions read once.
  const model = buildModel(bundle);
  // Emit: one emitter per kind of file.
  const settings = { packageName: options.packageName ?? "@grinfi/sdk", version: sdkVersion(model.version), openapiFetchVersion: openapiFetchVersion() };
  const names = new PackageExports(model);
  const files: EmittedFile[] = [
    { path: "openapi.yaml", contents: serializeBundle(bundle.document) },
    ...emitText(model, settings, TEMPLATES_DIR, readReleaseNotes(options.specDir)),
    ...emitRuntime(RUNTIME_DIR),
    await emitTypes(typesInput(bundle.document, model)),
    emitModels(names),
    emitEnums(model, names),
    emitFilters(model, names),
    ...emitResources(model, names),
    emitClient(model, names),
    await emitValidators(model, bundle.document, `${settings.packageName} ${settings.version}`),
    emitIndex(model),
    emitWebhooks(model, names),
    ...emitFlow(model, names),
    ...emitMcp(model, bundle.document, mcpPackageSettings(settings.packageName, settings.version, join(REPO_ROOT, "package.json")), MCP_RUNTIME_DIR, TEMPLATES_DIR),
  ];
  return new Map(files.sort((a, b) => a.path.localeCompare(b.path)).map((f) => [f.path, f.contents]));
}

/** Generates, then writes: the result is swapped into `outDir` in one step; on any failure `outDir` is left as it was. */
export async function generate(options: GenerateOptions & { outDir: string }): Promise<Map<string, string>> {
  const files = await generateFiles(options);
  replaceDirectory(options.outDir, files, UNMANAGED);
  return files;
}

export interface Staleness {
  changed: string[];
  missing: string[];
  extra: string[];
}

/** Compares what would be generated with what is in `outDir`. */
export async function checkGenerated(options: GenerateOptions & { outDir: string }): Promise<Staleness> {
  const files = await generateFiles(options);
  const onDisk = existsSync(options.outDir) ? listFiles(options.outDir) : [];
  const stale: Staleness = { changed: [], missing: [], extra: [] };
  for (const [path, contents] of files) {
    const full = join(options.outDir, path);
    if (!existsSync(full)) stale.missing.push(path);
    else if (readFileSync(full, "utf8") !== contents) stale.changed.push(path);
  }
  stale.extra = onDisk.filter((path) => !files.has(path));
  return stale;
}

function listFiles(root: string, dir = root): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    const path = relative(root, full);
    if (UNMANAGED.includes(path)) return [];
    return statSync(full).isDirectory() ? listFiles(root, full) : [path];
  });
}

/**
 * The package version follows the spec's `info.version`, plus the SDK releases made for it: a generator change
 * that alters the package without a spec change adds one to `generator/sdk-revisions.json` for that spec
 * version, and the release's patch number is the spec's patch plus that count (2.0.0 + 1 revision → 2.0.1).
 */
export function sdkVersion(specVersion: string, revisions: Record<string, number> = readRevisions()): string {
  const match = /^(\d+)\.(\d+)\.(\d+)$/.exec(specVersion);
  if (!match) return specVersion;
  return `${match[1]}.${match[2]}.${Number(match[3]) + (revisions[specVersion] ?? 0)}`;
}

/** The hand-written release notes kept beside the spec, `<spec>/CHANGELOG.md`; none when the file is absent. */
function readReleaseNotes(specDir: string): string {
  const path = join(specDir, "CHANGELOG.md");
  return existsSync(path) ? readFileSync(path, "utf8") : "";
}

function readRevisions(): Record<string, number> {
  return JSON.parse(readFileSync(join(REPO_ROOT, "generator", "sdk-revisions.json"), "utf8")) as Record<string, number>;
}

/** The generated package depends on the exact openapi-fetch version the toolchain is tested with. */
function openapiFetchVersion(): string {
  const manifest = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { devDependencies: Record<string, string> };
  return manifest.devDependencies["openapi-fetch"]!.replace(/^[\^~]/, "");
}
