import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { EmittedFile } from "./file.ts";

/** The client core, copied verbatim from `generator/runtime/` (real, separately tested code) to `src/core/`. */
export function emitRuntime(runtimeDir: string): EmittedFile[] {
  return readdirSync(runtimeDir)
    .filter((name) => name.endsWith(".ts"))
    .sort()
    .map((name) => ({ path: `src/core/${name}`, contents: readFileSync(join(runtimeDir, name), "utf8") }));
}
