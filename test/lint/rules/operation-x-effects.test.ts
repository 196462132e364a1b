import { describe, expect, it } from "vitest";
import { BASE_YAML, findingsOf } from "../helpers.ts";

const RULE = "operation-x-effects";

/** The fixture spec as YAML text with one edit, so that findings keep real lines. */
function editedSpec(from: string, to: string): string {
  expect(BASE_YAML).toContain(from);
  return BASE_YAML.replace(from, to);
}

/** `file:line pointer message` of each finding, the way the CLI prints them. */
async function located(source: string): Promise<string[]> {
  const findings = await findingsOf(RULE, source);
  return findings.map((f) => `${f.location?.file}:${f.location?.line} ${f.location?.pointer} ${f.severity}: ${f.message}`);
}

describe(RULE, () => {
  it("passes a spec where every operation lists its effects and GETs only read, DELETEs destroy", async () => {
    expect(await located(BASE_YAML)).toEqual([]);
  });

  it("reports an operation without x-effects at the operation", async () => {
    expect(await located(editedSpec("      x-method: search\n      x-effects: [read]\n", "      x-method: search\n"))).toEqual([
      "spec.yaml:72 /paths/~1things~1search/post error: operation searchThings (POST /things/search) has no x-effects; "
        + "write x-effects: [read], or a list of what the call can do among write, send, spend, destroy, reveal",
    ]);
  });

  it("reports a value that is not a list, and an empty list", async () => {
    expect(await located(editedSpec("      x-effects: [read]\n      summary: Search", "      x-effects: read\n      summary: Search"))).toEqual([
      "spec.yaml:75 /paths/~1things~1search/post/x-effects error: x-effects must be a non-empty list; "
        + "write x-effects: [read], or a list of what the call can do among write, send, spend, destroy, reveal",
    ]);
    expect(await located(editedSpec("      x-effects: [read]\n      summary: Search", "      x-effects: []\n      summary: Search"))).toHaveLength(1);
  });

  it("reports an unknown effect at its place in the list", async () => {
    expect(await located(editedSpec("      x-effects: [read]\n      summary: Search", "      x-effects: [write, email]\n      summary: Search"))).toEqual([
      'spec.yaml:75 /paths/~1things~1search/post/x-effects/1 error: x-effects value "email" is not one of read, write, send, '
        + "spend, destroy, reveal; write x-effects: [read], or a list of what the call can do among write, send, spend, "
        + "destroy, reveal",
    ]);
  });

  it("reports an effect listed twice, and read listed with anything else", async () => {
    expect(await located(editedSpec("      x-effects: [read]\n      summary: Search", "      x-effects: [send, send]\n      summary: Search"))).toEqual([
      'spec.yaml:75 /paths/~1things~1search/post/x-effects/1 error: x-effects lists "send" twice; list each effect once',
    ]);
    expect(await located(editedSpec("      x-effects: [read]\n      summary: Search", "      x-effects: [read, spend]\n      summary: Search"))).toEqual([
      'spec.yaml:75 /paths/~1things~1search/post/x-effects error: x-effects lists "read" with spend: "read" means the call '
        + "changes nothing; drop read, or the others if the call really only reads",
    ]);
  });

  it("reports a GET that claims to do more than read", async () => {
    expect(await located(editedSpec("      x-method: list\n      x-effects: [read]\n", "      x-method: list\n      x-effects: [write, send]\n"))).toEqual([
      "spec.yaml:26 /paths/~1things/get/x-effects error: listThings (GET /things) is a GET but its x-effects are "
        + "[write, send]; a GET must only read: [read] (or [read, reveal])",
    ]);
  });

  it("reports a DELETE that does not destroy", async () => {
    expect(await located(editedSpec("      x-effects: [destroy]\n", "      x-effects: [write]\n"))).toEqual([
      "spec.yaml:133 /paths/~1things~1{uuid}/delete/x-effects error: deleteThing (DELETE /things/{uuid}) is a DELETE but its "
        + "x-effects [write] do not list destroy; add destroy",
    ]);
  });

  it("accepts any order and lists several effects (a mass action can write, send, spend and destroy)", async () => {
    const spec = editedSpec("      x-effects: [read]\n      summary: Search", "      x-effects: [destroy, send, write, spend]\n      summary: Search");
    expect(await located(spec)).toEqual([]);
  });
});
