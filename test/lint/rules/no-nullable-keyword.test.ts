import { describe, expect, it } from "vitest";
import { baseDocument, findingsOf, summary } from "../helpers.ts";

const RULE = "no-nullable-keyword";

describe(RULE, () => {
  it("passes 3.1 nullable types", async () => {
    expect(await findingsOf(RULE, baseDocument())).toEqual([]);
  });

  it("reports nullable and says which 3.1 type to write", async () => {
    const doc = baseDocument();
    doc.components.schemas.Thing.properties.name = { type: "string", nullable: true };
    expect(summary(await findingsOf(RULE, doc))).toEqual([
      {
        pointer: "/components/schemas/Thing/properties/name/nullable",
        message: "nullable is an OpenAPI 3.0 keyword and means nothing in 3.1; use type: [string, 'null']",
        severity: "error",
      },
    ]);
  });

  it("reports nullable next to a $ref, with the anyOf to use", async () => {
    const doc = baseDocument();
    doc.components.schemas.Thing.properties.status = { $ref: "#/components/schemas/ThingStatus", nullable: true };
    expect((await findingsOf(RULE, doc)).map((f) => f.message)).toEqual([
      "nullable is an OpenAPI 3.0 keyword and means nothing in 3.1; use anyOf: [{ $ref: '#/components/schemas/ThingStatus' }, { type: 'null' }]",
    ]);
  });

  it("replaces Redocly's generic struct complaint about the same key", async () => {
    const doc = baseDocument();
    doc.components.schemas.Thing.properties.name = { type: "string", nullable: true };
    expect(await findingsOf("struct", doc)).toEqual([]);
  });
});
