import { describe, expect, it } from "vitest";
import { baseDocument, findingsOf, summary } from "../helpers.ts";

const RULE = "operation-single-tag";

describe(RULE, () => {
  it("passes one declared, grouped, used tag per operation", async () => {
    expect(await findingsOf(RULE, baseDocument())).toEqual([]);
  });

  it("reports an operation without a tag and one with two", async () => {
    const doc = baseDocument();
    delete doc.paths["/things"].get.tags;
    doc.paths["/things/search"].post.tags = ["Things", "Things"];
    expect(summary(await findingsOf(RULE, doc))).toEqual([
      { pointer: "/paths/~1things/get", message: "operation listThings (GET /things) has no tag; give it exactly one (its SDK resource)", severity: "error" },
      { pointer: "/paths/~1things~1search/post/tags", message: "operation searchThings (POST /things/search) has 2 tags (Things, Things); give it exactly one", severity: "error" },
    ]);
  });

  it("reports a tag that is not declared under the root tags", async () => {
    const doc = baseDocument();
    doc.paths["/things"].get.tags = ["Stuff"];
    expect(summary(await findingsOf(RULE, doc))).toContainEqual({
      pointer: "/paths/~1things/get/tags/0",
      message: 'tag "Stuff" of listThings (GET /things) is not declared under the root tags',
      severity: "error",
    });
  });

  it("reports a declared tag in no group, in two groups, and one no operation uses", async () => {
    const doc = baseDocument();
    doc.tags.push({ name: "Spare", description: "Unused." });
    doc["x-tagGroups"].push({ name: "Again", tags: ["Things"] });
    expect(summary(await findingsOf(RULE, doc))).toEqual([
      { pointer: "/x-tagGroups/1/tags/0", message: 'tag "Things" is in x-tagGroups group "Again" and also in "Stuff"; a tag belongs to exactly one group', severity: "error" },
      { pointer: "/tags/1/name", message: 'tag "Spare" is in no x-tagGroups group; add it to the group it belongs to', severity: "error" },
      { pointer: "/tags/1/name", message: 'tag "Spare" is declared but no operation uses it; remove it or tag its operations', severity: "error" },
    ]);
  });

  it("reports a group listing an undeclared tag", async () => {
    const doc = baseDocument();
    doc["x-tagGroups"][0].tags.push("Ghosts");
    expect(summary(await findingsOf(RULE, doc))).toEqual([
      { pointer: "/x-tagGroups/0/tags/1", message: 'x-tagGroups group "Stuff" lists tag "Ghosts", which is not declared under tags', severity: "error" },
    ]);
  });
});
