import { describe, expect, it } from "vitest";
import { baseDocument, findingsOf, summary } from "../helpers.ts";

const RULE = "x-filter-valid";
const LIST = "/paths/~1things/get";

describe(RULE, () => {
  it("passes filters in the query and in the body that agree with their resource and filter schema", async () => {
    expect(await findingsOf(RULE, baseDocument())).toEqual([]);
  });

  it("reports an unknown encoding and a resource that is not a schema", async () => {
    const doc = baseDocument();
    doc.paths["/things"].get["x-filter"].encoding = "form";
    doc.paths["/things"].get["x-filter"].resource = "Gadget";
    expect(summary(await findingsOf(RULE, doc))).toEqual([
      {
        pointer: `${LIST}/x-filter/encoding`,
        message:
          'x-filter encoding "form" is not one of body, query, query-json; say how the filter is sent: body (a `filter` body property), query (filter[field]=… parameters) or query-json (JSON text in `filter`)',
        severity: "error",
      },
      { pointer: `${LIST}/x-filter/resource`, message: 'x-filter resource "Gadget" is not a schema component; name the schema whose records are filtered', severity: "error" },
    ]);
  });

  it("reports a field type outside the filter language", async () => {
    const doc = baseDocument();
    doc.paths["/things"].get["x-filter"].fields.status = { type: "enum" };
    expect((await findingsOf(RULE, doc)).map((f) => f.message)).toEqual([
      'x-filter field "status" has type "enum"; use one of string, uuid, integer, number, boolean, date-time',
    ]);
  });

  it("accepts an open value set (DECISIONS D1) as the enum of a field", async () => {
    const doc = baseDocument();
    doc.components.schemas.ThingStatus = {
      description: "Open set: the values seen so far.",
      anyOf: [{ type: "string", enum: ["active", "archived"] }, { type: "string" }],
    };
    expect(await findingsOf(RULE, doc)).toEqual([]);
    doc.components.schemas.ThingStatus = { description: "Not a value set.", anyOf: [{ type: "string" }, { type: "integer" }] };
    expect((await findingsOf(RULE, doc)).map((f) => f.message)).toContainEqual(
      expect.stringContaining('x-filter field "status" names enum "ThingStatus", which is not an enum schema component'),
    );
  });

  it("reports a field the resource does not have", async () => {
    const doc = baseDocument();
    doc.paths["/things"].get["x-filter"].fields.colour = { type: "string" };
    doc.components.schemas.ThingFilter.properties.colour = { $ref: "#/components/schemas/FilterValue" };
    expect(summary(await findingsOf(RULE, doc))).toEqual([
      { pointer: `${LIST}/x-filter/fields/colour`, message: 'x-filter field "colour" is not a property of Thing; filter fields must exist on the resource', severity: "error" },
    ]);
  });

  it("reports type, nullability and enum that disagree with the resource property", async () => {
    const doc = baseDocument();
    doc.paths["/things"].get["x-filter"].fields = {
      status: { type: "string", nullable: true },
      owner_uuid: { type: "string" },
    };
    expect(summary(await findingsOf(RULE, doc))).toEqual([
      { pointer: `${LIST}/x-filter/fields/status/nullable`, message: 'x-filter field "status" says nullable: true but Thing.status does not allow null', severity: "error" },
      { pointer: `${LIST}/x-filter/fields/status`, message: 'Thing.status is the enum ThingStatus; add enum: ThingStatus to x-filter field "status"', severity: "error" },
      { pointer: `${LIST}/x-filter/fields/owner_uuid/type`, message: 'x-filter field "owner_uuid" is string but Thing.owner_uuid is string (format uuid) or null', severity: "error" },
      { pointer: `${LIST}/x-filter/fields/owner_uuid`, message: 'Thing.owner_uuid allows null but x-filter field "owner_uuid" is not nullable; add nullable: true', severity: "error" },
    ]);
  });

  it("reports an enum the property does not use, and a date-time field on a plain string", async () => {
    const doc = baseDocument();
    doc.paths["/things"].get["x-filter"].fields.status.enum = "RequestMethod";
    doc.paths["/things/search"].post["x-filter"].fields.created_at = { type: "date-time" };
    doc.components.schemas.Thing.properties.created_at = { type: "string" };
    expect((await findingsOf(RULE, doc)).map((f) => f.message)).toEqual([
      'x-filter field "status" says enum: RequestMethod but Thing.status does not $ref that enum (it is string (enum ThingStatus))',
      'x-filter field "created_at" is date-time but Thing.created_at is string',
    ]);
  });

  it("reports a filter schema whose properties are not exactly the x-filter fields", async () => {
    const doc = baseDocument();
    doc.components.schemas.ThingFilter.properties = { status: { $ref: "#/components/schemas/FilterValue" }, name: { $ref: "#/components/schemas/FilterValue" } };
    expect(summary(await findingsOf(RULE, doc))).toEqual([
      { pointer: `${LIST}/x-filter/fields/owner_uuid`, message: 'x-filter field "owner_uuid" is not a property of the filter schema ThingFilter; its properties must be exactly the x-filter fields', severity: "error" },
      { pointer: `${LIST}/x-filter/fields`, message: "filter schema ThingFilter has property name that x-filter of listThings (GET /things) does not list; its properties must be exactly the x-filter fields", severity: "error" },
    ]);
  });

  it("reports an encoding that does not match where the filter is", async () => {
    const doc = baseDocument();
    doc.paths["/things"].get["x-filter"].encoding = "body";
    expect((await findingsOf(RULE, doc)).map((f) => f.message)).toEqual([
      "x-filter says encoding: body but operation listThings (GET /things) has no `filter` property in the JSON request body (its filter is encoded as query)",
    ]);
  });

  it("accepts query-json as a JSON string parameter with contentSchema", async () => {
    const doc = baseDocument();
    doc.paths["/things"].get["x-filter"].encoding = "query-json";
    doc.paths["/things"].get.parameters[2] = {
      name: "filter",
      in: "query",
      description: "JSON text with the conditions.",
      schema: { type: "string", contentMediaType: "application/json", contentSchema: { $ref: "#/components/schemas/ThingFilter" } },
      example: '{"status":"active"}',
    };
    expect(await findingsOf(RULE, doc)).toEqual([]);
  });

  it("reports a query-json filter written as a content parameter", async () => {
    const doc = baseDocument();
    const parameter = doc.paths["/things"].get.parameters[2];
    doc.paths["/things"].get["x-filter"].encoding = "query-json";
    doc.paths["/things"].get.parameters[2] = { name: "filter", in: "query", description: parameter.description, content: { "application/json": { schema: parameter.schema } } };
    expect(summary(await findingsOf(RULE, doc))).toEqual([
      {
        pointer: `${LIST}/parameters/2`,
        message: "a query-json filter parameter is schema: { type: string, contentMediaType: application/json, contentSchema: { $ref } }, not content: (generated clients cannot send a query parameter without schema)",
        severity: "error",
      },
    ]);
  });

  it("wants style: deepObject on a query filter", async () => {
    const doc = baseDocument();
    delete doc.paths["/things"].get.parameters[2].style;
    expect(summary(await findingsOf(RULE, doc))).toEqual([
      { pointer: `${LIST}/parameters/2`, message: "a query-encoded filter parameter needs style: deepObject and explode: true (filter[field]=value)", severity: "error" },
    ]);
  });

  it("reports a filter without x-filter", async () => {
    const doc = baseDocument();
    delete doc.paths["/things/search"].post["x-filter"];
    expect(summary(await findingsOf(RULE, doc))).toEqual([
      {
        pointer: "/components/schemas/SearchThingsRequest/properties/filter",
        message: "operation searchThings (POST /things/search) takes a filter (body property `filter`) but has no x-filter; declare its encoding, resource and fields",
        severity: "error",
      },
    ]);
  });

  it("accepts a search field that is not on the resource, as a plain string", async () => {
    const doc = baseDocument();
    doc.paths["/things"].get["x-filter"].fields.q = { type: "string", search: true };
    doc.components.schemas.ThingFilter.properties.q = { type: "string", description: "Free-text search." };
    expect(await findingsOf(RULE, doc)).toEqual([]);

    doc.paths["/things"].get["x-filter"].fields.q = { type: "string", search: true, nullable: true };
    expect((await findingsOf(RULE, doc)).map((f) => f.message)).toEqual(['x-filter search field "q" takes no nullable; remove nullable: a search key is a plain string']);

    delete doc.paths["/things"].get["x-filter"].fields.q.nullable;
    doc.components.schemas.ThingFilter.properties.q = { $ref: "#/components/schemas/FilterValue" };
    expect((await findingsOf(RULE, doc)).map((f) => f.message)).toEqual([
      'search field "q" of ThingFilter must be a plain string (type: string), not string | number | boolean | array of (string | number | boolean) | object: a search key takes no operators, lists or null checks',
    ]);
  });
});
