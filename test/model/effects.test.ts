import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadSpec } from "../../generator/src/load/index.ts";
import { effectSentence } from "../../generator/src/emit/resources.ts";
import { buildModel, readModel } from "../../generator/src/model/build.ts";
import { repoRoot } from "../helpers/spec-fixture.ts";

/** A one-operation document whose operation says `x-effects: effects` (left out when undefined). */
function effectsOf(effects: unknown, method = "post") {
  const operation = {
    operationId: "doThing",
    "x-method": "do",
    ...(effects === undefined ? {} : { "x-effects": effects }),
    summary: "Do a thing",
    tags: ["Things"],
    responses: { "204": { description: "Done." } },
  };
  const document = {
    openapi: "3.1.0",
    info: { title: "Things", version: "1.0.0" },
    tags: [{ name: "Things" }],
    "x-tagGroups": [{ name: "Stuff", tags: ["Things"] }],
    paths: { "/things": { [method]: operation } },
    components: {},
  };
  const { model, findings } = readModel(document, []);
  return { effects: model.operations[0]?.effects, findings: findings.map((f) => `${f.rule} ${f.pointer}: ${f.message}`) };
}

describe("the model's x-effects", () => {
  it("reads a list in the canonical order: read, write, send, spend, destroy", () => {
    expect(effectsOf(["destroy", "write", "send"])).toEqual({ effects: ["write", "send", "destroy"], findings: [] });
    expect(effectsOf(["read"], "get")).toEqual({ effects: ["read"], findings: [] });
  });

  it("refuses an operation without a value, at the operation, and leaves it out of the model", () => {
    expect(effectsOf(undefined)).toEqual({
      effects: undefined,
      findings: ["operation-x-effects /paths/~1things/post: operation doThing (POST /things) has no x-effects"],
    });
  });

  it("refuses what is not a non-empty list of known effects, pointing at the bad item", () => {
    const at = "/paths/~1things/post/x-effects";
    expect(effectsOf("read").findings).toEqual([`operation-x-effects ${at}: x-effects must be a non-empty list`]);
    expect(effectsOf([]).effects).toBeUndefined();
    expect(effectsOf(["write", "mail", "write"]).findings).toEqual([
      `operation-x-effects ${at}/1: x-effects value "mail" is not one of read, write, send, spend, destroy, reveal`,
      `operation-x-effects ${at}/2: x-effects lists "write" twice`,
    ]);
    expect(effectsOf(["read", "write"]).findings).toEqual([
      `operation-x-effects ${at}: x-effects lists "read" with write: "read" means the call changes nothing`,
    ]);
  });

  it("takes reveal with read or with a change, never alone", () => {
    expect(effectsOf(["reveal", "read"], "get")).toEqual({ effects: ["read", "reveal"], findings: [] });
    expect(effectsOf(["write", "reveal"])).toEqual({ effects: ["write", "reveal"], findings: [] });
    expect(effectsOf(["reveal"]).findings).toEqual([
      'operation-x-effects /paths/~1things/post/x-effects: x-effects lists only "reveal", which says what the answer holds',
    ]);
  });

  it("refuses a GET that does more than read and a DELETE that does not destroy", () => {
    expect(effectsOf(["write"], "get").findings).toEqual([
      "operation-x-effects /paths/~1things/get/x-effects: doThing (GET /things) is a GET but its x-effects are [write]",
    ]);
    expect(effectsOf(["write"], "delete").findings).toEqual([
      "operation-x-effects /paths/~1things/delete/x-effects: doThing (DELETE /things) is a DELETE but its x-effects [write] do not list destroy",
    ]);
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
    expect(operations.get("searchContacts")?.effects).toEqual(["read"]);
    expect(operations.get("sendLinkedinMessage")?.effects).toEqual(["send"]);
    expect(operations.get("sendEmail")?.effects).toEqual(["send"]);
    expect(operations.get("testWebhook")?.effects).toEqual(["send"]);
    expect(operations.get("startAutomation")?.effects).toEqual(["write", "send", "spend"]);
    expect(operations.get("enrichContacts")?.effects).toEqual(["write", "spend"]);
    expect(operations.get("archiveAutomation")?.effects).toEqual(["destroy"]);
    expect(operations.get("runContactMassAction")?.effects).toEqual(["write", "send", "spend", "destroy"]);
    expect(operations.get("createApiKey")?.effects).toEqual(["write", "reveal"]);
    expect(operations.get("generateLinkedinBrowserLoginLink")?.effects).toEqual(["write", "reveal"]);
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
