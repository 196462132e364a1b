// Child process of interrupted-generate.test.ts: replaces a folder with replaceDirectory and SIGKILLs itself right
// before the Nth call of one fs operation, as a crash or `kill -9` at that moment would.
//   node --import tsx interrupted-generate.child.ts <root> <operation> <n> <version>
import { createRequire, syncBuiltinESMExports } from "node:module";

const [root, operation, nth, version] = process.argv.slice(2) as [string, "writeFileSync" | "renameSync" | "rmSync", string, string];
const fs = createRequire(import.meta.url)("node:fs") as typeof import("node:fs");
const original = fs[operation] as (...args: unknown[]) => unknown;
let calls = 0;
(fs as Record<string, unknown>)[operation] = (...args: unknown[]): unknown => {
  if (++calls === Number(nth)) process.kill(process.pid, "SIGKILL");
  return original(...args);
};
syncBuiltinESMExports();

const { replaceDirectory } = await import("../../generator/src/write/atomic.ts");
const files = new Map([
  ["a.txt", version],
  ["sub/b.txt", version],
  ["c.txt", version],
]);
replaceDirectory(root, files, ["dist", "node_modules"]);
