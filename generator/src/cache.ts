import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "./write/atomic.ts";

/**
 * Where the CLI keeps work between runs: parsed spec files (per file content), compiled example validators (per set
 * of schema components) and the output of the two slowest emitters (per input and build of the generator). The CLI
 * turns this on; library calls keep nothing and redo the work each time.
 */
let cacheRoot: string | undefined;
/** The compiled generator's build (scripts/build-cli.mjs's hash of its sources and locked dependencies). */
let generatorBuild: string | undefined;

export function useCache(dir: string | undefined, build?: string): void {
  cacheRoot = dir;
  generatorBuild = build;
}

/** The folder of one kind of kept work, or undefined when nothing is kept. */
export function cacheFolder(kind: "parse" | "validators" | "emit"): string | undefined {
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

/**
 * The text `compute` makes from `input`, kept from an earlier run of the same build of the generator when there is
 * one. Only for steps whose output depends on nothing but their input and the generator's code (and its locked
 * dependencies): the printed schema types and the compiled answer validators, most of a run's time otherwise.
 * Without a known build (sources run through tsx) nothing is kept, since an edit would not change the key.
 */
export async function keptOutput(step: string, input: string, compute: () => string | Promise<string>): Promise<string> {
  const folder = cacheFolder("emit");
  if (folder === undefined || generatorBuild === undefined) return await compute();
  const key = createHash("sha256").update(`${generatorBuild}\0${step}\0`).update(input).digest("hex").slice(0, 32);
  const file = join(folder, `${step}-${key}.txt`);
  try {
    return readFileSync(file, "utf8");
  } catch {
    const output = await compute();
    writeCacheFile(file, output);
    return output;
  }
}
