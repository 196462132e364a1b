import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_CHROMIUM, planChromium, type ChromiumMachine } from "../../scripts/ensure-chromium.mjs";
import { repoRoot } from "../helpers/spec-fixture.ts";

/**
 * `npm test` on a fresh machine: its `pretest` step (scripts/ensure-chromium.mjs) provides the browser the docs test
 * opens, or stops with the command to run. Each branch of the decision is checked on a described machine; the
 * failure path also as a real process.
 */

const bare: ChromiumMachine = {
  env: {},
  isExecutable: () => false,
  findCommand: (name) => (name === "apt-get" ? "/usr/bin/apt-get" : undefined),
  isRoot: true,
  canSudo: false,
};

describe("the browser for the docs test", () => {
  it("npm test runs the check first", () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as { scripts: Record<string, string> };
    expect(pkg.scripts["pretest"]).toBe("node scripts/ensure-chromium.mjs");
  });

  it("does nothing when Debian's chromium is there", () => {
    expect(planChromium({ ...bare, isExecutable: (path) => path === DEFAULT_CHROMIUM })).toEqual({ action: "ok", path: DEFAULT_CHROMIUM });
  });

  it("uses CHROMIUM_PATH when it points at a browser", () => {
    const env = { CHROMIUM_PATH: "/opt/chrome/chrome" };
    expect(planChromium({ ...bare, env, isExecutable: (path) => path === env.CHROMIUM_PATH })).toMatchObject({ action: "ok", path: env.CHROMIUM_PATH });
  });

  it("refuses a CHROMIUM_PATH that points nowhere instead of installing something else", () => {
    const plan = planChromium({ ...bare, env: { CHROMIUM_PATH: "/nowhere/chrome" } });
    expect(plan).toMatchObject({ action: "fail", message: expect.stringContaining("CHROMIUM_PATH=/nowhere/chrome is not an executable file") });
  });

  it("installs it with apt-get as root, saying so", () => {
    const plan = planChromium(bare);
    expect(plan).toMatchObject({ action: "install", sudo: false });
    expect(plan.action === "install" && plan.say).toContain("installing Debian's chromium: apt-get update && apt-get install -y chromium");
  });

  it("installs it through password-less sudo otherwise", () => {
    const plan = planChromium({ ...bare, isRoot: false, canSudo: true });
    expect(plan).toMatchObject({ action: "install", sudo: true, say: expect.stringContaining("sudo apt-get") });
  });

  it("stops with the exact command when the user cannot install", () => {
    const plan = planChromium({ ...bare, isRoot: false });
    expect(plan.action).toBe("fail");
    expect(plan.action === "fail" && plan.message).toContain("sudo sh -c 'apt-get update && apt-get install -y chromium'");
  });

  it("names a browser found on PATH when it cannot install Debian's", () => {
    const findCommand = (name: string): string | undefined => (name === "google-chrome" ? "/usr/bin/google-chrome" : undefined);
    const plan = planChromium({ ...bare, findCommand });
    expect(plan.action === "fail" && plan.message).toContain("CHROMIUM_PATH=/usr/bin/google-chrome");
  });

  it("as a process: a CHROMIUM_PATH pointing nowhere exits 1 with the message, before any test runs", () => {
    const result = spawnSync(process.execPath, [join(repoRoot, "scripts", "ensure-chromium.mjs")], {
      env: { ...process.env, CHROMIUM_PATH: "/nowhere/chromium" },
      encoding: "utf8",
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("CHROMIUM_PATH=/nowhere/chromium is not an executable file");
  });
});
