import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadSpec } from "../../generator/src/load/index.ts";
import { buildModel } from "../../generator/src/model/build.ts";
import { effectSentence, readEffects } from "../../generator/src/model/effects.ts";
import { repoRoot } from "../helpers/spec-fixture.ts";

describe("readEffects", () => {
  it("reads a list in the canonical order: read, write, send, spend, destroy", () => {
    expect(readEffects(["destroy", "write", "send"], "/p")).toEqual({ effects: ["write", "send", "destroy"], findings: [] });
    expect(readEffects(["read"], "/p")).toEqual({ effects: ["read"], findings: [] });
  });

  it("leaves an absent value to the lint rule", () => {
    expect(readEffects(undefined, "/p")).toEqual({ effects: undefined, findings: [] });
  });

  it("refuses what is not a non-empty list of known effects, pointing at the bad item", () => {
    expect(readEffects("read", "/p").findings.map((f) => [f.pointer, f.message])).toEqual([["/p", "x-effects must be a non-empty list"]]);
    expect(readEffects([], "/p").effects).toBeUndefined();
    expect(readEffects(["write", "mail", "write"], "/p").findings.map((f) => [f.pointer, f.message])).toEqual([
      ["/p/1", 'x-effects value "mail" is not one of read, write, send, spend, destroy'],
      ["/p/2", 'x-effects lists "write" twice'],
    ]);
    expect(readEffects(["read", "write"], "/p")).toMatchObject({ effects: undefined, findings: [{ pointer: "/p" }] });
  });
});

describe("effectSentence", () => {
  it("says a read changes nothing, and names every other effect", () => {
    expect(effectSentence(["read"])).toBe("Side effects: none, it only reads.");
    expect(effectSentence(["write", "spend"])).toBe("Side effects: changes data in the Grinfi workspace; may spend the team's credits.");
    expect(effectSentence(["send"])).toMatch(/^Side effects: reaches real people or outside systems .*cannot be taken back\.$/);
  });
});

describe("the spec's effects", () => {
  it("are on every operation of the model; sends, spends and destroys where the API does them", async () => {
    const model = buildModel(await loadSpec(join(repoRoot, "spec")));
    const operations = new Map(model.resources.flatMap((r) => r.operations).map((o) => [o.operationId, o]));
    expect([...operations.values()].filter((o) => !o.effects).map((o) => o.operationId)).toEqual([]);
    expect(operations.get("searchContacts")?.effects).toEqual(["read"]);
    expect(operations.get("sendLinkedinMessage")?.effects).toEqual(["send"]);
    expect(operations.get("sendEmail")?.effects).toEqual(["send"]);
    expect(operations.get("testWebhook")?.effects).toEqual(["send"]);
    expect(operations.get("startAutomation")?.effects).toEqual(["write", "send", "spend"]);
    expect(operations.get("enrichContacts")?.effects).toEqual(["write", "spend"]);
    expect(operations.get("archiveAutomation")?.effects).toEqual(["destroy"]);
    expect(operations.get("runContactMassAction")?.effects).toEqual(["write", "send", "spend", "destroy"]);
    for (const operation of operations.values()) {
      if (operation.httpMethod === "get") expect(operation.effects, operation.operationId).toEqual(["read"]);
      if (operation.httpMethod === "delete") expect(operation.effects, operation.operationId).toContain("destroy");
    }
  });

  it("are stated in the generated SDK's JSDoc", () => {
    const source = readFileSync(join(repoRoot, "generated", "src", "resources", "linkedin-messages.ts"), "utf8");
    const sendDoc = source.slice(source.indexOf("Queue a LinkedIn message"), source.indexOf("  send("));
    expect(sendDoc).toContain("Side effects: reaches real people or outside systems");
  });
});
