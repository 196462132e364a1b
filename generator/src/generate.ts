import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { emitClient } from "./emit/client.ts";
import { emitEnums } from "./emit/enums.ts";
import type { EmittedFile } from "./emit/file.ts";
import { emitFilters } from "./emit/filters.ts";
import { emitResources } from "./emit/resources.ts";
import { emitRuntime } from "./emit/runtime.ts";
import { emitText } from "./emit/text.ts";
import { emitTypes } from "./emit/types.ts";
import { emitWebhooks } from "./emit/webhooks.ts";
import { loadSpec, serializeBundle } from "./load/index.ts";
import { buildModel } from "./model/build.ts";
import { replaceDirectory } from "./write/atomic.ts";

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const RUNTIME_DIR = join(repoRoot, "generator", "runtime");
export const TEMPLATES_DIR = join(repoRoot, "templates");
/** Left alone by `generate` and ignored by `check`: build output and installs inside the package folder. */
const UNMANAGED = ["dist", "node_modules"];

export interface GenerateOptions {
  specDir: string;
  packageName?: string;
}

/** spec → bundle → model → every emitter: the full contents of `generated/`, in memory. */
export async function generateFiles(options: GenerateOptions): Promise<Map<string, string>> {
  const bundle = await loadSpec(options.specDir);
  const model = buildModel(bundle);
  const files: EmittedFile[] = [
    { path: "openapi.yaml", contents: serializeBundle(bundle.document) },
    emitTypes(bundle.document),
    emitEnums(model),
    emitFilters(model),
    ...emitResources(model),
    ...emitClient(model),
    emitWebhooks(model),
    ...emitRuntime(RUNTIME_DIR),
    ...emitText(model, { packageName: options.packageName ?? "@grinfi/sdk", version: sdkVersion(model.version), openapiFetchVersion: openapiFetchVersion() }, TEMPLATES_DIR),
  ];
  return new Map(files.sort((a, b) => a.path.localeCompare(b.path)).map((f) => [f.path, f.contents]));
}

/** Generates and swaps the result into `outDir` in one step; on any failure `outDir` is left as it was. */
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
    if (dir === root && UNMANAGED.includes(name)) return [];
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

function readRevisions(): Record<string, number> {
  return JSON.parse(readFileSync(join(repoRoot, "generator", "sdk-revisions.json"), "utf8")) as Record<string, number>;
}

/** The generated package depends on the exact openapi-fetch version the toolchain is tested with. */
function openapiFetchVersion(): string {
  const manifest = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as { devDependencies: Record<string, string> };
  return manifest.devDependencies["openapi-fetch"]!.replace(/^[\^~]/, "");
}
