import { describe, expect, it } from "vitest";
import { runCli } from "./helpers/spec-fixture.ts";

/** The CLI wiring of each command: options reach the command, and bad command lines say why with exit 2. */
describe("grinfi-codegen command line", () => {
  it("lists every command in --help", () => {
    const result = runCli(["--help"]);
    expect(result.status).toBe(0);
    for (const command of ["bundle", "lint", "generate", "check", "contract", "mock", "record", "docs", "diff"]) expect(result.stdout).toMatch(new RegExp(`^  ${command}\\b`, "m"));
  });

  it("contract --format json checks the committed recordings", () => {
    const result = runCli(["contract", "--format", "json"]);
    expect(result.status, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: true, strict: true });
  });

  it("record without GRINFI_API_KEY says how to set it and exits 2", () => {
    const result = runCli(["record"], { env: { GRINFI_API_KEY: "" } });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("GRINFI_API_KEY is not set");
  });

  it("rejects bad values with exit 2", () => {
    expect(runCli(["mock", "--port", "eighty"]).status).toBe(2);
    expect(runCli(["contract", "--format", "xml"]).status).toBe(2);
    expect(runCli(["lint", "--format", "xml"]).status).toBe(2);
    expect(runCli(["diff", "spec"]).status).toBe(2);
    expect(runCli(["frobnicate"]).status).toBe(2);
  });
});
