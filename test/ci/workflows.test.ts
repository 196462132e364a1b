import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { validateWorkflow } from "@action-validator/core";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { repoRoot } from "../helpers/spec-fixture.ts";

const dir = join(repoRoot, ".github", "workflows");
const workflows = readdirSync(dir).filter((name) => /\.ya?ml$/.test(name));

/** The workflows are real GitHub Actions YAML: checked against the workflow schema GitHub publishes (schemastore). */
describe("GitHub workflows", () => {
  it("exist for pull requests and releases", () => {
    expect(workflows.sort()).toEqual(["pull-request.yml", "release.yml"]);
  });

  it.each(workflows)("%s validates against the GitHub workflow schema", (name) => {
    const state = validateWorkflow(readFileSync(join(dir, name), "utf8"));
    expect(state.errors).toEqual([]);
  });

  it("the pull-request workflow runs the tests, lint annotations, the diff summary and the freshness check", () => {
    const text = readFileSync(join(dir, "pull-request.yml"), "utf8");
    const steps = (parse(text) as { jobs: { test: { steps: { run?: string }[] } } }).jobs.test.steps.map((s) => s.run ?? "").join("\n");
    expect(steps).toContain("npm test");
    expect(steps).toContain("lint --format github");
    expect(steps).toMatch(/diff "origin\/\$\{\{ github.base_ref \}\}" spec[\s\S]*GITHUB_STEP_SUMMARY/);
    expect(steps).toContain("grinfi-codegen.mjs check");
  });

  it("the pull-request workflow's tests use the Chrome ubuntu-latest has (it has no Debian chromium)", () => {
    const text = readFileSync(join(dir, "pull-request.yml"), "utf8");
    const steps = (parse(text) as { jobs: { test: { steps: { run?: string; env?: Record<string, string> }[] } } }).jobs.test.steps;
    expect(steps.find((step) => step.run === "npm test")?.env).toEqual({ CHROMIUM_PATH: "/usr/bin/google-chrome" });
  });

  it("a broken workflow is caught (the check can fail)", () => {
    const state = validateWorkflow("name: x\non: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    stepz: []\n");
    expect(state.errors.length).toBeGreaterThan(0);
  });
});
