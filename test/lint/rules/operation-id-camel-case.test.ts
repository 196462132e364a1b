import { describe, expect, it } from "vitest";
import { baseDocument, findingsOf, summary } from "../helpers.ts";

const RULE = "operation-id-camel-case";

describe(RULE, () => {
  it("passes camelCase operationIds", async () => {
    expect(await findingsOf(RULE, baseDocument())).toEqual([]);
  });

  it("reports an operationId that is not camelCase, at the operationId", async () => {
    const doc = baseDocument();
    doc.paths["/things"].get.operationId = "List_things";
    expect(summary(await findingsOf(RULE, doc))).toEqual([
      {
        pointer: "/paths/~1things/get/operationId",
        message: 'operationId "List_things" is not camelCase (^[a-z][a-zA-Z0-9]*$); write it like searchContacts',
        severity: "error",
      },
    ]);
  });

  it("reports a missing operationId (and Redocly's own warning for it is off)", async () => {
    const doc = baseDocument();
    delete doc.paths["/things/{uuid}"].delete.operationId;
    expect(summary(await findingsOf(RULE, doc))).toEqual([
      {
        pointer: "/paths/~1things~1{uuid}/delete",
        message: "operation DELETE /things/{uuid} has no operationId; add a camelCase one, verb first (e.g. searchContacts)",
        severity: "error",
      },
    ]);
    expect(await findingsOf("operation-operationId", doc)).toEqual([]);
  });

  it("rejects PascalCase and leading digits", async () => {
    const doc = baseDocument();
    doc.paths["/things"].get.operationId = "ListThings";
    doc.paths["/things/search"].post.operationId = "2search";
    const messages = (await findingsOf(RULE, doc)).map((f) => f.message);
    expect(messages).toHaveLength(2);
    expect(messages[0]).toContain('"ListThings"');
    expect(messages[1]).toContain('"2search"');
  });
});
