import { describe, expect, it } from "vitest";
import { baseDocument, findingsOf, summary } from "../helpers.ts";

const RULE = "enum-named-and-unique";

describe(RULE, () => {
  it("passes named enums with distinct values", async () => {
    expect(await findingsOf(RULE, baseDocument())).toEqual([]);
  });

  it("takes an open set for a named enum: no inline warning for its values, and its values count as its own", async () => {
    const doc = baseDocument();
    doc.components.schemas.ThingStatus = { description: "So far.", anyOf: [{ type: "string", enum: ["active", "archived"] }, { type: "string" }] };
    expect(await findingsOf(RULE, doc)).toEqual([]);
    doc.components.schemas.OtherStatus = { description: "The same again.", anyOf: [{ type: "string", enum: ["archived", "active"] }, { type: "string" }] };
    doc.components.schemas.Thing.properties.other = { $ref: "#/components/schemas/OtherStatus" };
    expect(summary(await findingsOf(RULE, doc))).toEqual([
      {
        pointer: "/components/schemas/OtherStatus/anyOf",
        message: "enum components ThingStatus and OtherStatus have the same values; one concept gets one component: keep ThingStatus, $ref it and remove OtherStatus (or make the values differ if they mean different things)",
        severity: "error",
      },
    ]);
  });

  it("warns about an inline enum of two or more values", async () => {
    const doc = baseDocument();
    doc.components.schemas.Thing.properties.size = { type: "string", enum: ["small", "large"] };
    expect(summary(await findingsOf(RULE, doc))).toEqual([
      {
        pointer: "/components/schemas/Thing/properties/size/enum",
        message: 'inline enum ["small", "large"] (in components/schemas/Thing) should be a named component; define it once under components/schemas with a PascalCase name and $ref it',
        severity: "warning",
      },
    ]);
  });

  it("points an inline copy of a named enum at the component", async () => {
    const doc = baseDocument();
    doc.paths["/things"].get.parameters.push({ name: "status", in: "query", description: "Status.", schema: { type: "string", enum: ["archived", "active"] } });
    expect((await findingsOf(RULE, doc)).map((f) => f.message)).toEqual([
      "inline enum [\"archived\", \"active\"] (in GET /things) should be a named component; it has the same values as ThingStatus: use $ref: '#/components/schemas/ThingStatus'",
    ]);
  });

  it("takes an open set's listed values as the named component's, not as an inline enum", async () => {
    const doc = baseDocument();
    doc.components.schemas.ThingStatus = {
      description: "Open set: the values seen so far.",
      anyOf: [{ type: "string", enum: ["active", "archived"] }, { type: "string" }],
    };
    expect(await findingsOf(RULE, doc)).toEqual([]);
    doc.components.schemas.OwnerStatus = { type: "string", description: "Same values, closed.", enum: ["archived", "active"] };
    doc.components.schemas.Thing.properties.owner_status = { $ref: "#/components/schemas/OwnerStatus" };
    expect(summary(await findingsOf(RULE, doc))).toEqual([
      {
        pointer: "/components/schemas/OwnerStatus/enum",
        message: "enum components ThingStatus and OwnerStatus have the same values; one concept gets one component: keep ThingStatus, $ref it and remove OwnerStatus (or make the values differ if they mean different things)",
        severity: "error",
      },
    ]);
  });

  it("ignores single-value enums, inline or as two components with the same value", async () => {
    const doc = baseDocument();
    doc.components.schemas.Thing.properties.kind = { type: "string", enum: ["thing"] };
    doc.components.schemas.OwnerStatus = { type: "string", description: "Only value seen so far.", enum: ["ok"] };
    doc.components.schemas.NameStatus = { type: "string", description: "Only value seen so far.", enum: ["ok"] };
    doc.components.schemas.Thing.properties.owner_status = { $ref: "#/components/schemas/OwnerStatus" };
    doc.components.schemas.Thing.properties.name_status = { $ref: "#/components/schemas/NameStatus" };
    expect(await findingsOf(RULE, doc)).toEqual([]);
  });

  it("reports two enum components with the same values as an error naming both", async () => {
    const doc = baseDocument();
    doc.components.schemas.ThingState = { type: "string", description: "Same again.", enum: ["archived", "active", null] };
    doc.components.schemas.Thing.properties.state = { $ref: "#/components/schemas/ThingState" };
    expect(summary(await findingsOf(RULE, doc))).toEqual([
      {
        pointer: "/components/schemas/ThingState/enum",
        message: "enum components ThingStatus and ThingState have the same values; one concept gets one component: keep ThingStatus, $ref it and remove ThingState (or make the values differ if they mean different things)",
        severity: "error",
      },
    ]);
  });
});
