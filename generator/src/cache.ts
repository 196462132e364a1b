import { join } from "node:path";
import { writeFileAtomic } from "./write/atomic.ts";

/**
 * Where the CLI keeps work between runs: parsed spec files (per file content) and compiled example validators
 * (per set of schema components). The CLI turns this on; library calls keep nothing and redo the work each time.
 */
let cacheRoot: string | undefined;

export function useCache(dir: string | undefined): void {
  cacheRoot = dir;
}

/** The folder of one kind of kept work, or undefined when nothing is kept. */
export function cacheFolder(kind: "parse" | "validators"): string | undefined {
  return cacheRoot === undefined ? undefined : join(cacheRoot, kind);
}

/** Writes a cache entry whole or not at all; an entry that cannot be written only costs time on the next run. */
export function writeCacheFile(path: string, contents: string): void {
  try {
    writeFileAtomic(path, contents);
  } catch {
    // Nothing to undo: writeFileAtomic leaves no partial file behind.
  }
}
