import { describe, expect, it } from "vitest";
import { baseDocument, findingsOf, summary } from "../helpers.ts";

const RULE = "example-valid";
const LIST_EXAMPLE = "/paths/~1things/get/responses/200/content/application~1json/example";

describe(RULE, () => {
  it("passes examples that validate (media types, shared responses, parameters, schemas)", async () => {
    expect(await findingsOf(RULE, baseDocument())).toEqual([]);
  });

  it("reports a media type example that breaks its $ref'd schema, at the offending value", async () => {
    const doc = baseDocument();
    doc.paths["/things"].get.responses["200"].content["application/json"].example.data[0].status = "lost";
    expect(summary(await findingsOf(RULE, doc))).toEqual([
      {
        pointer: `${LIST_EXAMPLE}/data/0/status`,
        message: `example ${LIST_EXAMPLE} does not match its schema: /data/0/status must be equal to one of the allowed values: "active", "archived"`,
        severity: "error",
      },
    ]);
  });

  it("checks formats and required properties", async () => {
    const doc = baseDocument();
    const example = doc.paths["/things"].get.responses["200"].content["application/json"].example;
    example.data[0].uuid = "not-a-uuid";
    expect((await findingsOf(RULE, doc)).map((f) => f.message)).toEqual([`example ${LIST_EXAMPLE} does not match its schema: /data/0/uuid must match format "uuid"`]);
    delete example.total;
    example.data[0].uuid = "0b5f1c2e-3d4a-4b6c-8d9e-0f1a2b3c4d5e";
    expect((await findingsOf(RULE, doc)).map((f) => f.message)).toEqual([`example ${LIST_EXAMPLE} does not match its schema: (the example itself) must have required property 'total'`]);
  });

  it("names an unexpected property and points at it", async () => {
    const doc = baseDocument();
    doc.paths["/things/search"].post.requestBody.content["application/json"].example.filter.colour = "red";
    const pointer = "/paths/~1things~1search/post/requestBody/content/application~1json/example";
    expect(summary(await findingsOf(RULE, doc))).toEqual([
      { pointer: `${pointer}/filter/colour`, message: `example ${pointer} does not match its schema: /filter must NOT have additional properties (colour)`, severity: "error" },
    ]);
  });

  it("checks parameter, schema and named examples", async () => {
    const doc = baseDocument();
    doc.components.parameters.UuidPath.example = "nope";
    doc.components.schemas.Thing.properties.name.example = 42;
    doc.components.schemas.PageLimit.examples = [5, 0];
    doc.components.responses.Forbidden.content["application/json"].examples = { denied: { value: { message: "No." } } };
    const findings = summary(await findingsOf(RULE, doc)).sort((a, b) => String(a.pointer).localeCompare(String(b.pointer)));
    expect(findings).toEqual([
      { pointer: "/components/parameters/UuidPath/example", message: 'example /components/parameters/UuidPath/example does not match its schema: (the example itself) must match format "uuid"', severity: "error" },
      {
        pointer: "/components/responses/Forbidden/content/application~1json/examples/denied/value",
        message: "example /components/responses/Forbidden/content/application~1json/examples/denied/value does not match its schema: (the example itself) must have required property 'error'",
        severity: "error",
      },
      { pointer: "/components/schemas/PageLimit/examples/1", message: "example /components/schemas/PageLimit/examples/1 does not match its schema: (the example itself) must be >= 1", severity: "error" },
      { pointer: "/components/schemas/Thing/properties/name/example", message: "example /components/schemas/Thing/properties/name/example does not match its schema: (the example itself) must be string", severity: "error" },
    ]);
  });

  it("checks the JSON inside a string example against contentSchema", async () => {
    const doc = baseDocument();
    const parameter = {
      name: "filter",
      in: "query",
      description: "JSON text with the conditions.",
      schema: { type: "string", contentMediaType: "application/json", contentSchema: { $ref: "#/components/schemas/ThingFilter" } },
      example: '{"status":"active"}',
    };
    doc.paths["/things"].get["x-filter"].encoding = "query-json";
    doc.paths["/things"].get.parameters[2] = parameter;
    expect(await findingsOf(RULE, doc)).toEqual([]);
    const pointer = "/paths/~1things/get/parameters/2/example";
    parameter.example = '{"colour":"red"}';
    expect((await findingsOf(RULE, doc)).map((f) => f.message)).toEqual([`example ${pointer} holds JSON that does not match its contentSchema: (the example itself) must NOT have additional properties (colour)`]);
    parameter.example = "{status: active}";
    expect((await findingsOf(RULE, doc)).map((f) => f.message)[0]).toMatch(new RegExp(`^example ${pointer} should hold JSON \\(contentMediaType: application/json\\) but does not parse: `));
  });

  it("keeps Redocly's own example rules off, so a bad example is reported once", async () => {
    const doc = baseDocument();
    doc.paths["/things"].get.responses["200"].content["application/json"].example.limit = "twenty";
    const { lintBundle } = await import("../../../generator/src/lint/engine.ts");
    const { bundleOf } = await import("../helpers.ts");
    const rules = (await lintBundle(bundleOf(doc))).map((f) => f.rule);
    expect(rules).toEqual(["grinfi/example-valid"]);
  });
});
