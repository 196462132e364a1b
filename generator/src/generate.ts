import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { inThisThread, type CodeEmitter } from "./emit/code-worker.ts";
import type { EmittedFile } from "./emit/file.ts";
import { emitMcp, mcpPackageSettings } from "./emit/mcp.ts";
import { emitRuntime } from "./emit/runtime.ts";
import { emitText } from "./emit/text.ts";
import { SpecError } from "./errors.ts";
import { loadSpec, serializeBundle } from "./load/index.ts";
import type { Bundle } from "./load/bundle.ts";
import { buildModel } from "./model/build.ts";
import { checkOpenApiStructure } from "./validate/oas.ts";
import { replaceDirectory } from "./write/atomic.ts";

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const RUNTIME_DIR = join(repoRoot, "generator", "runtime");
export const TEMPLATES_DIR = join(repoRoot, "templates");
export const MCP_RUNTIME_DIR = join(repoRoot, "generator", "mcp-runtime");
/** Left alone by `generate` and ignored by `check`: build output and installs inside the package folders. */
const UNMANAGED = ["dist", "node_modules", "mcp/dist", "mcp/node_modules"];

export interface GenerateOptions {
  specDir: string;
  packageName?: string;
  /** Where the TypeScript files are emitted (default: in this thread; the CLI uses a worker thread). */
  codeEmitter?: CodeEmitter;
}

/** spec → bundle → model → every emitter: the full contents of `generated/`, in memory. */
export async function generateFiles(options: GenerateOptions): Promise<Map<string, string>> {
  const codeEmitter = options.codeEmitter ?? inThisThread;
  try {
    // Redocly's structure check runs while the code is emitted, but a spec it rejects is never written.
    const bundle = await loadSpec(options.specDir, { openApiStructure: false });
    // Built in a microtask, after the document is on its way to the code emitter.
    const modelBuilt = Promise.resolve().then(() => buildModel(bundle));
    const code = codeEmitter.emit(bundle.document, modelBuilt);
    code.catch(() => {});
    const model = await explainedByStructure(bundle, () => modelBuilt);
    const structure = await checkOpenApiStructure(bundle);
    if (structure.length) throw new SpecError(structure);
    const files: EmittedFile[] = [
      { path: "openapi.yaml", contents: serializeBundle(bundle.document) },
      ...emitRuntime(RUNTIME_DIR),
      ...emitText(model, { packageName: options.packageName ?? "@grinfi/sdk", version: sdkVersion(model.version), openapiFetchVersion: openapiFetchVersion() }, TEMPLATES_DIR),
      ...emitMcp(model, bundle.document, mcpPackageSettings(options.packageName ?? "@grinfi/sdk", sdkVersion(model.version), join(repoRoot, "package.json")), MCP_RUNTIME_DIR, TEMPLATES_DIR),
      ...(await code),
    ];
    return new Map(files.sort((a, b) => a.path.localeCompare(b.path)).map((f) => [f.path, f.contents]));
  } finally {
    codeEmitter.close();
  }
}

/**
 * Runs a step that assumes a well-formed document. When it fails on a document Redocly's structure check rejects,
 * that check's findings are the error: they say what is wrong in the spec, the step's failure only where it broke.
 */
async function explainedByStructure<T>(bundle: Bundle, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    const structure = await checkOpenApiStructure(bundle);
    throw structure.length ? new SpecError(structure) : error;
  }
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

function readRevisions(): Record<string, number> {
  return JSON.parse(readFileSync(join(repoRoot, "generator", "sdk-revisions.json"), "utf8")) as Record<string, number>;
}

/** The generated package depends on the exact openapi-fetch version the toolchain is tested with. */
function openapiFetchVersion(): string {
  const manifest = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as { devDependencies: Record<string, string> };
  return manifest.devDependencies["openapi-fetch"]!.replace(/^[\^~]/, "");
}
