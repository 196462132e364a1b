import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** Where the toolchain finds its own files: this file is two folders below the repository root (generator/src). */
export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
/** The SDK core, copied into every generated package. */
export const RUNTIME_DIR = join(REPO_ROOT, "generator", "runtime");
/** Handlebars templates of the package's text files and of the docs page. */
export const TEMPLATES_DIR = join(REPO_ROOT, "templates");
/** Work the CLI keeps between runs (see cache.ts). */
export const CACHE_DIR = join(REPO_ROOT, "node_modules", ".cache", "grinfi-codegen");
