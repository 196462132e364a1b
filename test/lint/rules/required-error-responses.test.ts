import { describe, expect, it } from "vitest";
import { baseDocument, findingsOf, summary } from "../helpers.ts";

const RULE = "required-error-responses";

describe(RULE, () => {
  it("passes operations documenting 401, 403, 429, 5XX/500 and 404/422 where due", async () => {
    expect(await findingsOf(RULE, baseDocument())).toEqual([]);
  });

  it("reports each missing answer with the shared response to use", async () => {
    const doc = baseDocument();
    delete doc.paths["/things/{uuid}"].get.responses["404"];
    delete doc.paths["/things/{uuid}"].get.responses["5XX"];
    delete doc.paths["/things/search"].post.responses["422"];
    delete doc.paths["/things"].get.responses["429"];
    expect(summary(await findingsOf(RULE, doc))).toEqual([
      {
        pointer: "/paths/~1things/get/responses",
        message: "operation listThings (GET /things) does not document 429; add '429': { $ref: '#/components/responses/RateLimited' }",
        severity: "error",
      },
      {
        pointer: "/paths/~1things~1search/post/responses",
        message: "operation searchThings (POST /things/search) does not document 422 (it has a request body to validate); add '422': { $ref: '#/components/responses/ValidationFailed' }",
        severity: "error",
      },
      {
        pointer: "/paths/~1things~1{uuid}/get/responses",
        message: "operation getThing (GET /things/{uuid}) does not document 404 (the path /things/{uuid} addresses a record); add '404': { $ref: '#/components/responses/NotFound' }",
        severity: "error",
      },
      {
        pointer: "/paths/~1things~1{uuid}/get/responses",
        message: "operation getThing (GET /things/{uuid}) does not document 5XX; add '5XX': { $ref: '#/components/responses/ServerError' }",
        severity: "error",
      },
    ]);
  });

  it("wants 422 when there are query parameters, even without a body", async () => {
    const doc = baseDocument();
    delete doc.paths["/things"].get.responses["422"];
    expect((await findingsOf(RULE, doc)).map((f) => f.message)).toEqual([
      "operation listThings (GET /things) does not document 422 (it has query parameters to validate); add '422': { $ref: '#/components/responses/ValidationFailed' }",
    ]);
  });

  it("does not want 404 or 422 on a path without parameters and no input", async () => {
    const doc = baseDocument();
    const get = structuredClone(doc.paths["/things/{uuid}"].get);
    get.operationId = "getSettings";
    delete get.responses["404"];
    doc.paths["/settings"] = { get };
    expect(await findingsOf(RULE, doc)).toEqual([]);
  });
});
