// Runs generator/src/contract/check.ts's runContract in a fresh process (through tsx, as the CLI would).
//   node bench/lib/contract-runner.mjs --probe   → prints "function" when runContract is exported
//   node bench/lib/contract-runner.mjs           → runs it on spec/ and spec/recordings with --format json
import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { register } from "tsx/esm/api";
import { repoRoot } from "./common.mjs";

const checkTs = join(repoRoot, "generator", "src", "contract", "check.ts");
if (!existsSync(checkTs)) {
  process.stdout.write("missing\n");
  process.exit(0);
}
register();
const mod = await import(pathToFileURL(checkTs).href);
if (process.argv.includes("--probe")) {
  process.stdout.write(`${typeof mod.runContract}\n`);
} else {
  process.exitCode = await mod.runContract({
    specDir: join(repoRoot, "spec"),
    recordingsDir: join(repoRoot, "spec", "recordings"),
    format: "json",
    strict: false,
  });
}
