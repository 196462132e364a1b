import { describe, expect, it } from "vitest";
import { baseDocument, findingsOf, summary } from "../helpers.ts";

const RULE = "array-items";

describe(RULE, () => {
  it("passes arrays with items", async () => {
    expect(await findingsOf(RULE, baseDocument())).toEqual([]);
  });

  it("reports type: array and type: [array, 'null'] without items", async () => {
    const doc = baseDocument();
    doc.components.schemas.Thing.properties.labels = { type: "array" };
    doc.components.schemas.Thing.properties.aliases = { type: ["array", "null"] };
    const message = "array schema has no items; say what the array holds (items: { $ref: ... } or items: { type: ... })";
    expect(summary(await findingsOf(RULE, doc))).toEqual([
      { pointer: "/components/schemas/Thing/properties/labels/type", message, severity: "error" },
      { pointer: "/components/schemas/Thing/properties/aliases/type", message, severity: "error" },
    ]);
  });

  it("finds arrays in parameters and request bodies too", async () => {
    const doc = baseDocument();
    doc.components.parameters.Limit.schema = { type: "array" };
    expect((await findingsOf(RULE, doc)).map((f) => f.location?.pointer)).toEqual(["/components/parameters/Limit/schema/type"]);
  });
});
