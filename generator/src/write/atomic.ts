import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
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
 *
 * A run killed part-way (SIGKILL, power loss) leaves its staging or old folder next to `root`, and between the
 * two renames no `root` at all; the next run puts back what it finds (see `recoverInterruptedSwap`) before
 * writing. The sibling folders carry the writer's pid, so a run never touches one a live run is using.
 */
export function replaceDirectory(root: string, files: Map<string, string>, keep: string[] = []): void {
  const parent = dirname(root);
  mkdirSync(parent, { recursive: true });
  recoverInterruptedSwap(root, keep);
  const staging = mkdtempSync(join(parent, `.${basename(root)}.staging-${process.pid}-`));
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
  const old = join(parent, `.${basename(root)}.old-${process.pid}`);
  const hadRoot = existsSync(root);
  try {
    // Kept entries move first, while `root` still stands: a kill here leaves a complete `root` behind.
    for (const entry of keep) {
      if (hadRoot && existsSync(join(root, entry))) renameSync(join(root, entry), join(staging, entry));
    }
    if (hadRoot) renameSync(root, old);
    renameSync(staging, root);
  } catch (error) {
    if (hadRoot && !existsSync(root) && existsSync(old)) renameSync(old, root);
    for (const entry of keep) {
      if (existsSync(join(staging, entry)) && !existsSync(join(root, entry))) renameSync(join(staging, entry), join(root, entry));
    }
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  rmSync(old, { recursive: true, force: true });
}

interface Leftover {
  path: string;
  kind: "staging" | "old";
}

/**
 * Finds what an interrupted `replaceDirectory` of `root` left behind (folders of writers no longer running, and
 * the un-suffixed names earlier versions used), restores `root` from its old copy when the run died between
 * the two renames, moves kept entries back where they went missing, and removes the rest.
 */
export function recoverInterruptedSwap(root: string, keep: string[] = []): void {
  const parent = dirname(root);
  if (!existsSync(parent)) return;
  const name = escapeRegExp(basename(root));
  const staging = new RegExp(`^\\.${name}\\.staging-(?:(\\d+)-)?[^-]+$`);
  const old = new RegExp(`^\\.?${name}\\.old-(\\d+)$`);
  const leftovers: Leftover[] = [];
  for (const entry of readdirSync(parent)) {
    const stagingMatch = staging.exec(entry);
    const match = stagingMatch ?? old.exec(entry);
    if (!match || isRunning(match[1])) continue;
    leftovers.push({ path: join(parent, entry), kind: stagingMatch ? "staging" : "old" });
  }
  if (leftovers.length === 0) return;

  const olds = leftovers.filter((leftover) => leftover.kind === "old").sort((a, b) => modified(b.path) - modified(a.path));
  const newestOld = olds[0];
  if (!existsSync(root) && newestOld) {
    renameSync(newestOld.path, root);
    leftovers.splice(leftovers.indexOf(newestOld), 1);
  }
  if (existsSync(root)) {
    for (const entry of keep) {
      if (existsSync(join(root, entry))) continue;
      const holder = leftovers.find((leftover) => existsSync(join(leftover.path, entry)));
      if (holder) renameSync(join(holder.path, entry), join(root, entry));
    }
  }
  for (const leftover of leftovers) rmSync(leftover.path, { recursive: true, force: true });
}

/** Whether the process that named a folder is still running; no pid (an earlier version's name) counts as gone. */
function isRunning(pid: string | undefined): boolean {
  if (pid === undefined || Number(pid) === process.pid) return false;
  try {
    process.kill(Number(pid), 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

const modified = (path: string): number => statSync(path).mtimeMs;

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
