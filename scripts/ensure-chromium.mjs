#!/usr/bin/env node
// Runs before `npm test` (npm's `pretest`): the docs test opens the API reference in Chromium, and a fresh Debian
// machine has none. When the browser is missing this installs Debian's `chromium` with apt-get, saying so first;
// when it cannot (no apt-get, not root and no password-less sudo, or the install fails) it exits 1 with the exact
// command to run. It never lets the docs test be skipped.
//
//   node scripts/ensure-chromium.mjs     CHROMIUM_PATH=/path/to/chrome overrides where the docs test looks
import { accessSync, constants } from "node:fs";
import { spawnSync } from "node:child_process";
import { delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";

/** Where test/docs/docs.test.ts looks for the browser when CHROMIUM_PATH is not set. */
export const DEFAULT_CHROMIUM = "/usr/bin/chromium";

const APT_INSTALL = "apt-get update && apt-get install -y chromium";
/** Other browsers the docs test can drive, named in the advice when one of them is installed. */
const OTHER_BROWSERS = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];

/**
 * What to do, from what the machine offers. Returns `{ action: "ok" }`, `{ action: "install", sudo, say }` or
 * `{ action: "fail", message }`. Pure, so each branch is tested without touching the machine.
 */
export function planChromium({ env, isExecutable, findCommand, isRoot, canSudo }) {
  const wanted = env.CHROMIUM_PATH || DEFAULT_CHROMIUM;
  if (isExecutable(wanted)) return { action: "ok", path: wanted };
  if (env.CHROMIUM_PATH) {
    return {
      action: "fail",
      message:
        `CHROMIUM_PATH=${env.CHROMIUM_PATH} is not an executable file. Point it at a Chromium or Chrome binary, ` +
        `or unset it to use Debian's chromium at ${DEFAULT_CHROMIUM} (\`npm test\` installs it when missing).`,
    };
  }
  const other = OTHER_BROWSERS.map(findCommand).find(Boolean);
  const useOther = other ? ` or run the tests with CHROMIUM_PATH=${other} (a browser found on PATH)` : "";
  if (!findCommand("apt-get")) {
    return {
      action: "fail",
      message: `The docs test needs Chromium at ${DEFAULT_CHROMIUM} and this machine has no apt-get to install it: install Chromium,${useOther || " then set CHROMIUM_PATH to its executable"}.`,
    };
  }
  if (!isRoot && !canSudo) {
    return {
      action: "fail",
      message: `The docs test needs Debian's chromium at ${DEFAULT_CHROMIUM}, and this user cannot install it. Run:\n  sudo sh -c '${APT_INSTALL}'\nthen \`npm test\` again${useOther}.`,
    };
  }
  return {
    action: "install",
    sudo: !isRoot,
    say: `pretest: ${DEFAULT_CHROMIUM} is missing (the docs test opens the API reference in it); installing Debian's chromium: ${isRoot ? "" : "sudo "}${APT_INSTALL}`,
  };
}

function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function findCommand(name) {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (dir && isExecutable(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

function run(command, args, sudo) {
  const [file, argv] = sudo ? ["sudo", ["-n", command, ...args]] : [command, args];
  // Other jobs on the machine may hold dpkg's lock; wait for it rather than fail.
  const result = spawnSync(file, argv, { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
  return result.status === 0;
}

function main() {
  const plan = planChromium({
    env: process.env,
    isExecutable,
    findCommand,
    isRoot: process.getuid?.() === 0,
    canSudo: findCommand("sudo") !== undefined && spawnSync("sudo", ["-n", "true"], { stdio: "ignore" }).status === 0,
  });
  if (plan.action === "ok") return 0;
  if (plan.action === "fail") {
    process.stderr.write(`${plan.message}\n`);
    return 1;
  }
  process.stderr.write(`${plan.say}\n`);
  const lockWait = ["-o", "DPkg::Lock::Timeout=600"];
  const installed =
    run("apt-get", [...lockWait, "update", "-qq"], plan.sudo) &&
    run("apt-get", [...lockWait, "install", "-y", "-qq", "chromium"], plan.sudo) &&
    isExecutable(DEFAULT_CHROMIUM);
  if (!installed) {
    process.stderr.write(`Installing chromium failed (see apt-get's output above). Install it yourself:\n  sudo sh -c '${APT_INSTALL}'\nor set CHROMIUM_PATH to a Chromium or Chrome executable, then \`npm test\` again.\n`);
    return 1;
  }
  process.stderr.write(`pretest: chromium installed at ${DEFAULT_CHROMIUM}\n`);
  return 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exitCode = main();
