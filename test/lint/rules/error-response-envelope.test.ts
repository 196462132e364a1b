import { describe, expect, it } from "vitest";
import { baseDocument, findingsOf, summary } from "../helpers.ts";

const RULE = "error-response-envelope";

describe(RULE, () => {
  it("passes error answers that $ref ErrorEnvelope", async () => {
    expect(await findingsOf(RULE, baseDocument())).toEqual([]);
  });

  it("reports a shared error response with another schema once, where it is defined", async () => {
    const doc = baseDocument();
    doc.components.responses.Forbidden.content["application/json"].schema = { type: "object", properties: { error: { type: "string" } } };
    expect(summary(await findingsOf(RULE, doc))).toEqual([
      {
        pointer: "/components/responses/Forbidden/content/application~1json/schema",
        message: "error answer 403 must use the error envelope: schema: { $ref: '#/components/schemas/ErrorEnvelope' }",
        severity: "error",
      },
    ]);
  });

  it("reports an inline error answer without a JSON body", async () => {
    const doc = baseDocument();
    doc.paths["/things/{uuid}"].get.responses["409"] = { description: "Conflict." };
    expect(summary(await findingsOf(RULE, doc))).toEqual([
      {
        pointer: "/paths/~1things~1{uuid}/get/responses/409",
        message: "error answer 409 has no JSON body; errors answer application/json with schema $ref '#/components/schemas/ErrorEnvelope'",
        severity: "error",
      },
    ]);
  });

  it("accepts a chain of references that ends at ErrorEnvelope", async () => {
    const doc = baseDocument();
    doc.components.schemas.ThingError = { $ref: "#/components/schemas/ErrorEnvelope" };
    doc.components.responses.NotFound.content["application/json"].schema = { $ref: "#/components/schemas/ThingError" };
    expect(await findingsOf(RULE, doc)).toEqual([]);
  });
});
