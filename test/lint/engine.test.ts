import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { bundleSpec } from "../../generator/src/load/bundle.ts";
import { lintBundle, lintConfig, orderFindings, RULE_SEVERITIES } from "../../generator/src/lint/engine.ts";
import { GRINFI_RULES } from "../../generator/src/lint/plugin.ts";
import { repoRoot } from "../helpers/spec-fixture.ts";
import { baseDocument, bundleOf, fixturesDir } from "./helpers.ts";

/** A copy of the multi-file fixture spec with some replacements applied, bundled from a temporary directory. */
function fixtureSpec(edits: Record<string, [string, string][]> = {}) {
  const dir = mkdtempSync(join(tmpdir(), "grinfi-lint-"));
  cpSync(join(fixturesDir, "spec"), dir, { recursive: true });
  for (const [file, replacements] of Object.entries(edits)) {
    let text = readFileSync(join(dir, file), "utf8");
    for (const [from, to] of replacements) {
      expect(text).toContain(from);
      text = text.replace(from, to);
    }
    writeFileSync(join(dir, file), text);
  }
  return { dir, bundle: bundleSpec(dir, dir) };
}

describe("lintBundle", () => {
  it("finds nothing in a spec that follows every convention", async () => {
    expect(await lintBundle(fixtureSpec().bundle)).toEqual([]);
    expect(await lintBundle(bundleOf(baseDocument()))).toEqual([]);
  });

  it("finds nothing in the repository's spec", async () => {
    const findings = await lintBundle(bundleSpec(join(repoRoot, "spec")));
    expect(findings.map((f) => `${f.location?.file}:${f.location?.line} ${f.rule} ${f.message}`)).toEqual([]);
  });

  it("locates findings in the source file and line of the multi-file spec, not the bundle", async () => {
    const { bundle } = fixtureSpec({ "resources/widgets.yaml": [["operationId: getWidget", "operationId: get_widget"]] });
    expect(await lintBundle(bundle)).toEqual([
      {
        rule: "grinfi/operation-id-camel-case",
        severity: "error",
        message: 'operationId "get_widget" is not camelCase (^[a-z][a-zA-Z0-9]*$); write it like searchContacts',
        location: { file: "resources/widgets.yaml", line: 4, column: 7, pointer: "/paths/~1widgets~1{uuid}/get/operationId" },
      },
    ]);
  });

  it("runs Redocly's recommended rules, with no-unused-components as an error", async () => {
    const { bundle } = fixtureSpec({
      "resources/widgets.yaml": [["      summary: Get a widget\n", ""]],
      "components/common.yaml": [["  schemas:\n", "  schemas:\n    Spare:\n      type: string\n"]],
    });
    const findings = await lintBundle(bundle);
    expect(findings.map((f) => [f.rule, f.severity, f.location?.file, f.location?.line])).toEqual([
      ["no-unused-components", "error", "components/common.yaml", 43],
      ["operation-summary", "error", "resources/widgets.yaml", 3],
    ]);
    expect(findings[0]?.message).toBe('Component: "Spare" is never used.');
  });

  it("shows a path item's problems where its first operation is written, not at the root's paths key", async () => {
    const { bundle } = fixtureSpec({
      "resources/widgets.yaml": [["components:\n", "  /widgets/{id}/:\n    get:\n      operationId: getWidgetById\n      responses: {}\ncomponents:\n"]],
    });
    const trailing = (await lintBundle(bundle)).find((f) => f.rule === "no-path-trailing-slash");
    expect(trailing?.location).toEqual({ file: "resources/widgets.yaml", line: 28, column: 5, pointer: "/paths/~1widgets~1{id}~1" });
  });

  it("applies severity overrides, for our rules with or without the grinfi/ prefix", async () => {
    const doc = baseDocument();
    doc.paths["/things"].get.operationId = "List_things";
    doc.components.schemas.Thing.properties.tags = { type: "array" };
    const findings = await lintBundle(bundleOf(doc), { rules: { "operation-id-camel-case": "warn", "grinfi/array-items": "off" } });
    expect(findings.map((f) => [f.rule, f.severity])).toEqual([["grinfi/operation-id-camel-case", "warning"]]);
  });

  it("rejects an override of a rule that does not exist", async () => {
    await expect(lintBundle(bundleOf(baseDocument()), { rules: { "array-itemz": "off" } })).rejects.toThrow("unknown lint rule: array-itemz");
  });

  it("creates each Redocly config once per process", async () => {
    expect(lintConfig()).toBe(lintConfig());
    expect(lintConfig({ "array-items": "off" })).toBe(lintConfig({ "grinfi/array-items": "off" }));
    expect(lintConfig({ "array-items": "off" })).not.toBe(lintConfig());
    const config = await lintConfig();
    expect(Object.keys(config.getRulesForSpecVersion("oas3")).length).toBeGreaterThan(0);
  });

  it("turns every rule of ours on as an error, and only documented Redocly rules off", () => {
    for (const id of Object.keys(GRINFI_RULES)) expect(RULE_SEVERITIES[`grinfi/${id}`]).toBe("error");
    const off = Object.entries(RULE_SEVERITIES).filter(([, severity]) => severity === "off").map(([id]) => id);
    expect(off.sort()).toEqual([
      "info-license",
      "no-ambiguous-paths",
      "no-invalid-media-type-examples",
      "no-invalid-parameter-examples",
      "no-invalid-schema-examples",
      "operation-2xx-response",
      "operation-operationId",
    ]);
    expect(RULE_SEVERITIES["no-unused-components"]).toBe("error");
  });

  it("orders findings by file (as bundled), line and column", () => {
    const at = (file: string, line: number, column = 1) => ({ rule: "r", severity: "error" as const, message: `${file}:${line}:${column}`, location: { file, line, column, pointer: "" } });
    const ordered = orderFindings([at("b.yaml", 1), at("a.yaml", 9, 3), at("root.yaml", 5), at("a.yaml", 9, 1), at("a.yaml", 2)], ["root.yaml", "b.yaml"]);
    expect(ordered.map((f) => f.message)).toEqual(["root.yaml:5:1", "b.yaml:1:1", "a.yaml:2:1", "a.yaml:9:1", "a.yaml:9:3"]);
  });

  it("builds the Redocly configuration once per set of overrides and reuses it", () => {
    // (Speed itself is measured in bench/, side by side with redocly lint, not in a unit test.)
    expect(lintConfig()).toBe(lintConfig());
    expect(lintConfig({ "array-items": "off" })).not.toBe(lintConfig());
  });
});
