import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root: two folders above this file, in the sources (generator/src) as in the compiled CLI (generator/dist). */
export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
/** The SDK core, copied verbatim into the package's `src/core/`. */
export const RUNTIME_DIR = join(REPO_ROOT, "generator", "runtime");
/** The MCP server's core, copied verbatim into `mcp/src/core/` of the generated package. */
export const MCP_RUNTIME_DIR = join(REPO_ROOT, "generator", "mcp-runtime");
/** Handlebars templates: the package's text files and the docs page, and under `code/` its TypeScript files. */
export const TEMPLATES_DIR = join(REPO_ROOT, "templates");
/** Work the CLI keeps between runs (see cache.ts). */
export const CACHE_DIR = join(REPO_ROOT, "node_modules", ".cache", "grinfi-codegen");
