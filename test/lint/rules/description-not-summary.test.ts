import { describe, expect, it } from "vitest";
import { normaliseText } from "../../../generator/src/lint/rules/description-not-summary.ts";
import { baseDocument, findingsOf, summary } from "../helpers.ts";

const RULE = "description-not-summary";

describe(RULE, () => {
  it("passes descriptions that say more than the summary", async () => {
    expect(await findingsOf(RULE, baseDocument())).toEqual([]);
  });

  it("reports a missing description", async () => {
    const doc = baseDocument();
    delete doc.paths["/things"].get.description;
    expect(summary(await findingsOf(RULE, doc))).toEqual([
      {
        pointer: "/paths/~1things/get",
        message: "operation listThings (GET /things) has no description; say what it does, when to use it and what to watch for",
        severity: "error",
      },
    ]);
  });

  it("reports a description that only repeats the summary, ignoring case, spacing and the final period", async () => {
    const doc = baseDocument();
    doc.paths["/things"].get.description = "List  THINGS.\n";
    expect(summary(await findingsOf(RULE, doc))).toEqual([
      {
        pointer: "/paths/~1things/get/description",
        message: "the description of listThings (GET /things) only repeats its summary; explain what it does, when to use it and what to watch for",
        severity: "error",
      },
    ]);
  });

  it("reports a description no longer than the summary", async () => {
    const doc = baseDocument();
    doc.paths["/things"].get.description = "Pages.";
    expect((await findingsOf(RULE, doc)).map((f) => f.message)).toEqual([
      "the description of listThings (GET /things) is no longer than its summary (5 ≤ 11 characters); it should say more than the summary",
    ]);
  });

  it("normalises text for comparison", () => {
    expect(normaliseText("  Get a  Thing!\n")).toBe("get a thing");
  });
});
