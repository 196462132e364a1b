import { describe, expect, it } from "vitest";
import { baseDocument, findingsOf, summary } from "../helpers.ts";

const RULE = "operation-x-method";

describe(RULE, () => {
  it("passes camelCase x-methods unique within their tag", async () => {
    expect(await findingsOf(RULE, baseDocument())).toEqual([]);
  });

  it("reports a missing x-method", async () => {
    const doc = baseDocument();
    delete doc.paths["/things"].get["x-method"];
    expect(summary(await findingsOf(RULE, doc))).toEqual([
      {
        pointer: "/paths/~1things/get",
        message: "operation listThings (GET /things) has no x-method; name its SDK method in camelCase (e.g. x-method: search)",
        severity: "error",
      },
    ]);
  });

  it("reports an x-method that is not camelCase", async () => {
    const doc = baseDocument();
    doc.paths["/things"].get["x-method"] = "list-all";
    expect(summary(await findingsOf(RULE, doc))).toEqual([
      {
        pointer: "/paths/~1things/get/x-method",
        message: 'x-method "list-all" is not camelCase (^[a-z][a-zA-Z0-9]*$); name the SDK method as a JavaScript method is named: search, listAll, getMetrics',
        severity: "error",
      },
    ]);
  });

  it("reports the second use of an x-method within one tag, naming the first", async () => {
    const doc = baseDocument();
    doc.paths["/things/{uuid}"].get["x-method"] = "search";
    expect(summary(await findingsOf(RULE, doc))).toEqual([
      {
        pointer: "/paths/~1things~1{uuid}/get/x-method",
        message: 'x-method "search" is already used by searchThings (POST /things/search) in tag "Things"; each method of an SDK resource needs its own name',
        severity: "error",
      },
    ]);
  });

  it("allows the same x-method in different tags", async () => {
    const doc = baseDocument();
    doc.tags.push({ name: "Others", description: "Other things." });
    doc["x-tagGroups"][0].tags.push("Others");
    doc.paths["/things/{uuid}"].get.tags = ["Others"];
    doc.paths["/things/{uuid}"].get["x-method"] = "search";
    expect(await findingsOf(RULE, doc)).toEqual([]);
  });
});
