import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/** Writes one file so that readers see either the old or the new contents, never half of it. */
export function writeFileAtomic(path: string, contents: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(temporary, contents);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/**
 * Replaces the folder `root` with exactly `files` (paths relative to `root`): everything is written to a
 * sibling staging folder first, then swapped in by renames, so a failure part-way leaves `root` as it was.
 * Entries named in `keep` (e.g. `node_modules`, `dist`) are carried over from the old folder untouched.
 */
export function replaceDirectory(root: string, files: Map<string, string>, keep: string[] = []): void {
  const parent = dirname(root);
  mkdirSync(parent, { recursive: true });
  const staging = mkdtempSync(join(parent, `.${basename(root)}.staging-`));
  try {
    for (const [relativePath, contents] of files) {
      const target = join(staging, relativePath);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, contents);
    }
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  const old = `${root}.old-${process.pid}`;
  const hadRoot = existsSync(root);
  if (hadRoot) renameSync(root, old);
  try {
    for (const entry of keep) {
      if (hadRoot && existsSync(join(old, entry))) renameSync(join(old, entry), join(staging, entry));
    }
    renameSync(staging, root);
  } catch (error) {
    for (const entry of keep) {
      if (existsSync(join(staging, entry))) renameSync(join(staging, entry), join(old, entry));
    }
    if (hadRoot) renameSync(old, root);
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  rmSync(old, { recursive: true, force: true });
}
