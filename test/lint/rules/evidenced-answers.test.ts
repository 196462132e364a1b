import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { lintBundle } from "../../../generator/src/lint/engine.ts";
import { loadSpec } from "../../../generator/src/load/index.ts";
import { repoRoot } from "../../helpers/spec-fixture.ts";
import { BASE_YAML, baseDocument, bundleOf, findingsOf, summary } from "../helpers.ts";

const RULE = "evidenced-answers";
const THING_REQUIRED = "/components/schemas/Thing/required";

/** The base document with Thing requiring one more property, `created_by`, that no example shows. */
function requiringCreatedBy(): Record<string, any> {
  const doc = baseDocument();
  doc.components.schemas.Thing.required.push("created_by");
  doc.components.schemas.Thing.properties.created_by = { type: "string", description: "Who made it." };
  return doc;
}

/** Lints a document whose spec folder holds these recordings (`recordings/<operationId>/<name>.json`). */
async function findingsWithRecordings(doc: Record<string, unknown>, recordings: Record<string, unknown>) {
  const specDir = mkdtempSync(join(tmpdir(), "grinfi-evidence-"));
  for (const [path, recording] of Object.entries(recordings)) {
    mkdirSync(join(specDir, "recordings", path, ".."), { recursive: true });
    writeFileSync(join(specDir, "recordings", path), typeof recording === "string" ? recording : JSON.stringify(recording));
  }
  const findings = await lintBundle({ ...bundleOf(doc), rootDir: specDir });
  return findings.filter((finding) => finding.rule === `grinfi/${RULE}`);
}

const recordedThing = (status: number, body: unknown) => ({
  operationId: "getThing",
  source: "recorded",
  request: { method: "GET", path: "/things/0b5f1c2e-3d4a-4b6c-8d9e-0f1a2b3c4d5e" },
  response: { status, headers: { "content-type": "application/json" }, body },
});

describe(RULE, () => {
  it("finds nothing in the real spec, with its examples and spec/recordings", async () => {
    const bundle = await loadSpec(join(repoRoot, "spec"), { openApiStructure: false });
    expect((await lintBundle(bundle)).filter((finding) => finding.rule === `grinfi/${RULE}`)).toEqual([]);
  });

  it("passes answers whose required properties the examples show, and open or request-only value sets", async () => {
    expect(await findingsOf(RULE, baseDocument())).toEqual([]);
    const doc = baseDocument();
    doc.components.schemas.ThingStatus = { description: "Open set: seen so far.", anyOf: [{ type: "string", enum: ["active"] }, { type: "string" }] };
    doc.components.schemas.SearchMode = { type: "string", description: "How to search.", enum: ["fast"] };
    doc.components.schemas.SearchThingsRequest.properties.mode = { $ref: "#/components/schemas/SearchMode" };
    expect(await findingsOf(RULE, doc)).toEqual([]);
  });

  it("reports a required answer property that no example shows, at its place in the required list", async () => {
    expect(summary(await findingsOf(RULE, requiringCreatedBy()))).toEqual([
      {
        pointer: `${THING_REQUIRED}/3`,
        message:
          'components/schemas/Thing is an answer schema and requires "created_by", but no example or recording of an answer shows it; make it optional, or show it in an example or a recording (spec/README.md, Evidence)',
        severity: "error",
      },
    ]);
  });

  it("reports a required property once its only example drops it", async () => {
    const doc = baseDocument();
    delete doc.paths["/things"].get.responses["200"].content["application/json"].example.data[0].name;
    expect(summary(await findingsOf(RULE, doc)).map((f) => f.pointer)).toEqual([`${THING_REQUIRED}/1`]);
  });

  it("counts a recording of an answer as evidence, of the status it was recorded with only", async () => {
    const thing = { uuid: "0b5f1c2e-3d4a-4b6c-8d9e-0f1a2b3c4d5e", name: "Lamp", status: "active", created_by: "Avery" };
    expect(await findingsWithRecordings(requiringCreatedBy(), { "getThing/recorded.json": recordedThing(200, thing) })).toEqual([]);
    // The same body recorded as a 404 answer says nothing about the 200 answer's schema.
    const wrongStatus = await findingsWithRecordings(requiringCreatedBy(), { "getThing/not-found.json": recordedThing(404, thing) });
    expect(wrongStatus.map((f) => f.location?.pointer)).toEqual([`${THING_REQUIRED}/3`]);
    // An unreadable recording is skipped here (the contract check reports it), not a crash.
    const unreadable = await findingsWithRecordings(requiringCreatedBy(), { "getThing/broken.json": "{ not json" });
    expect(unreadable.map((f) => f.location?.pointer)).toEqual([`${THING_REQUIRED}/3`]);
  });

  it("reports a closed enum of one value that answers reach", async () => {
    const doc = baseDocument();
    doc.components.schemas.ThingStatus.enum = ["active"];
    expect(summary(await findingsOf(RULE, doc))).toEqual([
      {
        pointer: "/components/schemas/ThingStatus/enum",
        message:
          'closed enum ["active"] in components/schemas/ThingStatus reaches answers with fewer than two values: one value seen is not a whole set; write it as an open set (anyOf: [{ type, enum: [...] }, { type }]) unless a source lists every value',
        severity: "error",
      },
    ]);
  });

  it("points into the source file and line", async () => {
    const text = BASE_YAML.replace(
      "      required: [uuid, name, status]\n",
      "      required: [uuid, name, status, created_by]\n",
    ).replace("        callback_method:\n", "        created_by:\n          type: string\n        callback_method:\n");
    const line = text.split("\n").findIndex((l) => l.includes("required: [uuid, name, status, created_by]")) + 1;
    const [finding] = await findingsOf(RULE, text);
    expect(finding?.location).toMatchObject({ file: "spec.yaml", line, pointer: `${THING_REQUIRED}/3` });
  });
});
