import { describe, expect, it } from "vitest";
import { baseDocument, findingsOf, summary } from "../helpers.ts";

const RULE = "enum-value-case";

describe(RULE, () => {
  it("passes snake_case values and a verbatim enum that says why", async () => {
    expect(await findingsOf(RULE, baseDocument())).toEqual([]);
  });

  it("reports values that are not lowercase snake_case, at the first one", async () => {
    const doc = baseDocument();
    doc.components.schemas.ThingStatus.enum = ["active", "InMail", "half-done"];
    expect(summary(await findingsOf(RULE, doc))).toEqual([
      {
        pointer: "/components/schemas/ThingStatus/enum/1",
        message: 'enum values "InMail", "half-done" are not lowercase snake_case (^[a-z][a-z0-9_]*$); rename, or mark the enum x-enum-case: verbatim and say why in its description',
        severity: "error",
      },
    ]);
  });

  it("checks an open set's listed values, and honours x-enum-case on the set", async () => {
    const doc = baseDocument();
    doc.components.schemas.ThingStatus = { description: "So far.", anyOf: [{ type: "string", enum: ["active", "InMail"] }, { type: "string" }] };
    expect(summary(await findingsOf(RULE, doc))).toEqual([
      {
        pointer: "/components/schemas/ThingStatus/anyOf/0/enum/1",
        message: 'enum value "InMail" is not lowercase snake_case (^[a-z][a-z0-9_]*$); rename, or mark the enum x-enum-case: verbatim and say why in its description',
        severity: "error",
      },
    ]);
    doc.components.schemas.ThingStatus["x-enum-case"] = "verbatim";
    expect(await findingsOf(RULE, doc)).toEqual([]);
  });

  it("wants a description on a verbatim enum", async () => {
    const doc = baseDocument();
    delete doc.components.schemas.RequestMethod.description;
    expect(summary(await findingsOf(RULE, doc))).toEqual([
      {
        pointer: "/components/schemas/RequestMethod/x-enum-case",
        message: "x-enum-case: verbatim needs a description saying why the values keep the API's spelling",
        severity: "error",
      },
    ]);
  });

  it("rejects other x-enum-case values and then checks the values", async () => {
    const doc = baseDocument();
    doc.components.schemas.RequestMethod["x-enum-case"] = "upper";
    expect((await findingsOf(RULE, doc)).map((f) => f.message)).toEqual([
      'x-enum-case must be "verbatim" (the only exception to snake_case values), not "upper"',
      'enum values "GET", "POST" are not lowercase snake_case (^[a-z][a-z0-9_]*$); rename, or mark the enum x-enum-case: verbatim and say why in its description',
    ]);
  });

  it("ignores null and non-string values", async () => {
    const doc = baseDocument();
    doc.components.schemas.Level = { type: ["integer", "null"], description: "A level.", enum: [1, 2, null] };
    doc.components.schemas.Thing.properties.level = { $ref: "#/components/schemas/Level" };
    expect(await findingsOf(RULE, doc)).toEqual([]);
  });
});
