import { describe, expect, it } from "vitest";
import { baseDocument, findingsOf, summary } from "../helpers.ts";

const RULE = "paginated-list-envelope";

describe(RULE, () => {
  it("passes paged lists in the query and in the body", async () => {
    expect(await findingsOf(RULE, baseDocument())).toEqual([]);
  });

  it("reports a page answer without x-pagination, saying where limit/offset are", async () => {
    const doc = baseDocument();
    delete doc.paths["/things/search"].post["x-pagination"];
    expect(summary(await findingsOf(RULE, doc))).toEqual([
      {
        pointer: "/paths/~1things~1search/post",
        message: "operation searchThings (POST /things/search) answers a ListEnvelope page but has no x-pagination; add x-pagination: { in: body } (limit/offset are body properties)",
        severity: "error",
      },
    ]);
  });

  it("reports x-pagination whose `in` does not match where limit/offset are", async () => {
    const doc = baseDocument();
    doc.paths["/things/search"].post["x-pagination"] = { in: "query" };
    expect(summary(await findingsOf(RULE, doc))).toEqual([
      {
        pointer: "/paths/~1things~1search/post/x-pagination/in",
        message: "x-pagination says in: query but the operation has no `limit` or `offset` query parameter; they are body properties, so say in: body",
        severity: "error",
      },
    ]);
  });

  it("reports x-pagination with an unknown `in`", async () => {
    const doc = baseDocument();
    doc.paths["/things"].get["x-pagination"] = { in: "header" };
    expect((await findingsOf(RULE, doc)).map((f) => f.message)).toEqual([
      'x-pagination must be { in: query } or { in: body }, not {"in":"header"}; say where limit and offset go: x-pagination: { in: query } or { in: body }',
    ]);
  });

  it("reports x-pagination on an operation that does not answer a page", async () => {
    const doc = baseDocument();
    const get = doc.paths["/things/{uuid}"].get;
    get["x-pagination"] = { in: "query" };
    get.parameters = [{ $ref: "#/components/parameters/Limit" }, { $ref: "#/components/parameters/Offset" }];
    get.responses["422"] = { $ref: "#/components/responses/ValidationFailed" };
    expect(summary(await findingsOf(RULE, doc))).toEqual([
      {
        pointer: "/paths/~1things~1{uuid}/get/x-pagination",
        message:
          "operation getThing (GET /things/{uuid}) has x-pagination but its 2xx answer is not a page: it has no `data` list; answer a <Item>Page schema (allOf: [$ref ListEnvelope, { properties: { data: { type: array, items: { $ref: <Item> } } } }]), or remove x-pagination",
        severity: "error",
      },
    ]);
  });

  it("reports a page schema that does not narrow data to items", async () => {
    const doc = baseDocument();
    delete doc.components.schemas.ThingPage.allOf[1].properties.data.items;
    doc.components.schemas.ThingPage.allOf[1].properties.data.type = "object";
    expect(summary(await findingsOf(RULE, doc))).toEqual([
      {
        pointer: "/components/schemas/ThingPage",
        message: "the page answered by listThings (GET /things) does not say what its `data` items are; add an allOf member with properties: { data: { type: array, items: { $ref: ... } } }",
        severity: "error",
      },
      {
        pointer: "/components/schemas/ThingPage",
        message: "the page answered by searchThings (POST /things/search) does not say what its `data` items are; add an allOf member with properties: { data: { type: array, items: { $ref: ... } } }",
        severity: "error",
      },
    ]);
  });

  it("reports an operation answering the bare ListEnvelope", async () => {
    const doc = baseDocument();
    doc.paths["/things"].get.responses["200"].content["application/json"].schema = { $ref: "#/components/schemas/ListEnvelope" };
    delete doc.paths["/things"].get.responses["200"].content["application/json"].example;
    expect((await findingsOf(RULE, doc)).map((f) => f.message)).toEqual([
      "operation listThings (GET /things) answers a page whose `data` items are untyped (the bare ListEnvelope); answer a <Item>Page schema (allOf: [$ref ListEnvelope, { properties: { data: { type: array, items: { $ref: <Item> } } } }])",
    ]);
  });
});
