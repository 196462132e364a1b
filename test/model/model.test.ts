import { describe, expect, it } from "vitest";
import type { OpenApiDocument } from "../../generator/src/load/bundle.ts";
import { emitTypes } from "../../generator/src/emit/types.ts";
import { typesInput } from "../../generator/src/emit/types-input.ts";
import { buildRoutes } from "../../generator/src/mock/routes.ts";
import { readModel } from "../../generator/src/model/build.ts";
import { readEnumSet } from "../../generator/src/model/enums.ts";
import { baseDocument } from "../lint/helpers.ts";

/** The lint fixture (a spec that follows every convention), read into the model, which must have no findings. */
function modelOf(document: Record<string, any>) {
  const reading = readModel(document as OpenApiDocument);
  expect(reading.findings).toEqual([]);
  return reading.model;
}

const operation = (document: Record<string, any>, operationId: string) =>
  modelOf(document).resources.flatMap((resource) => resource.operations).find((candidate) => candidate.operationId === operationId)!;

describe("value sets (DECISIONS D1)", () => {
  it("reads `enum` as a closed set and `anyOf: [{ type, enum }, { type }]` as an open one", () => {
    expect(readEnumSet({ type: "string", enum: ["a", "b"] })).toEqual({ values: ["a", "b"], open: false });
    expect(readEnumSet({ description: "So far.", anyOf: [{ type: "string", enum: ["a"] }, { type: "string" }] })).toEqual({ values: ["a"], open: true });
    expect(readEnumSet({ anyOf: [{ type: "integer", enum: [1, 2] }, { type: "integer", description: "Others." }] })).toEqual({ values: [1, 2], open: true });
  });

  it("does not take near misses for open sets", () => {
    expect(readEnumSet({ anyOf: [{ type: "string", enum: ["a"] }, { type: "integer" }] })).toBeUndefined();
    expect(readEnumSet({ anyOf: [{ type: "string", enum: ["a"] }, { type: "string", minLength: 2 }] })).toBeUndefined();
    expect(readEnumSet({ anyOf: [{ type: "string", enum: ["a"] }, { type: "string" }, { type: "null" }] })).toBeUndefined();
    expect(readEnumSet({ type: "object", anyOf: [{ type: "string", enum: ["a"] }, { type: "string" }] })).toBeUndefined();
    expect(readEnumSet({ anyOf: [{ $ref: "#/components/schemas/Status" }, { type: "string" }] })).toBeUndefined();
  });

  it("gives each enum component of the model its set's openness", () => {
    const document = baseDocument();
    document.components.schemas.ThingStatus = { description: "So far.", anyOf: [{ type: "string", enum: ["active", "archived"] }, { type: "string" }] };
    const enums = modelOf(document).enums.map(({ name, values, open }) => ({ name, values, open }));
    expect(enums).toContainEqual({ name: "ThingStatus", values: ["active", "archived"], open: true });
    expect(enums).toContainEqual({ name: "RequestMethod", values: ["GET", "POST"], open: false });
  });

  it("types an open set `\"a\" | … | (string & {})` on both sides, and a closed one closed in requests, open in answers", async () => {
    const document = baseDocument();
    // ThingStatus is an open set; RequestMethod (closed) is sent in a request body and read in Thing, an answer.
    document.components.schemas.ThingStatus = { description: "So far.", anyOf: [{ type: "string", enum: ["active", "archived"] }, { type: "string" }] };
    document.components.schemas.SearchThingsRequest.properties.method = { $ref: "#/components/schemas/RequestMethod" };
    const schema = (await emitTypes(typesInput(document as OpenApiDocument, modelOf(document)))).contents;
    expect(schema).toContain('ThingStatus: ("active" | "archived") | (string & {});');
    expect(schema).toContain('RequestMethod: "GET" | "POST";');
    // In Thing (read in answers only) the closed enum accepts other values too; in the request body it does not.
    expect(schema).toMatch(/callback_method\??: components\["schemas"\]\["RequestMethod"\] \| \(string & \{\}\);/);
    expect(schema).toMatch(/method\?: components\["schemas"\]\["RequestMethod"\];/);
  });
});

describe("parameters", () => {
  it("follow OpenAPI's rule in the model and the mock alike: the operation's own replace its path item's", () => {
    const document = baseDocument();
    document.paths["/things/{uuid}"].get.parameters = [{ name: "uuid", in: "path", required: true, description: "The thing's id, as the GET takes it.", schema: { type: "string" } }];
    const get = operation(document, "getThing");
    expect(get.parameters.map((p) => [p.name, p.in, p.description, p.pointer])).toEqual([["uuid", "path", "The thing's id, as the GET takes it.", "/paths/~1things~1{uuid}/get/parameters/0"]]);
    expect(get.pathParams).toHaveLength(1);
    const route = buildRoutes(modelOf(document)).find((candidate) => candidate.operationId === "getThing")!;
    expect(route.parameters).toEqual([{ name: "uuid", in: "path", required: true, schema: { type: "string" } }]);
    // The other operation of the path keeps the path item's.
    expect(operation(document, "deleteThing").parameters.map((p) => p.pointer)).toEqual(["/paths/~1things~1{uuid}/parameters/0"]);
  });
});

describe("the extensions, read once", () => {
  it("gives filters, pages and success answers as values", () => {
    const list = operation(baseDocument(), "listThings");
    expect(list.pagination).toEqual({ in: "query" });
    expect(list.filter).toEqual({
      encoding: "query",
      resource: "Thing",
      fieldsTypeName: "ListThingsFilterFields",
      fields: [
        { name: "status", type: "string", enumName: "ThingStatus", nullable: false, search: false },
        { name: "owner_uuid", type: "uuid", nullable: true, search: false },
      ],
    });
    expect(list.success).toMatchObject({ status: 200, kind: "json", hasBody: true, json: { schema: { $ref: "#/components/schemas/ThingPage" } } });
    expect(operation(baseDocument(), "deleteThing").success).toEqual({ status: 204, kind: "none", hasBody: false });
  });

  it("reports what it cannot use at its pointer, with what to do", () => {
    const document = baseDocument();
    document.paths["/things/{uuid}"].get["x-method"] = "then";
    const reading = readModel(document as OpenApiDocument);
    expect(reading.findings).toEqual([
      {
        rule: "operation-x-method",
        pointer: "/paths/~1things~1{uuid}/get/x-method",
        message: 'x-method "then" would make the object a thenable: `await` on it would call this method',
        hint: "give the operation another x-method",
      },
    ]);
  });
});

describe("request media types and answer kinds", () => {
  /** An upload: a file (its type from `contentMediaType`), a JSON part (`encoding`), a text part and an object. */
  function withUpload(): Record<string, any> {
    const document = baseDocument();
    document.paths["/things/{uuid}"].post = {
      ...document.paths["/things/{uuid}"].get,
      operationId: "uploadThingPhoto",
      "x-method": "uploadPhoto",
      requestBody: {
        required: true,
        content: {
          "multipart/form-data": {
            schema: {
              type: "object",
              required: ["photo", "caption"],
              properties: {
                photo: { type: "string", format: "binary", contentMediaType: "image/png", description: "The photo." },
                details: { type: "string", description: "Sent as JSON." },
                caption: { type: "string" },
                status: { $ref: "#/components/schemas/ThingStatus" },
              },
            },
            encoding: { details: { contentType: "application/json" } },
          },
        },
      },
      responses: { "200": { description: "The photo, as stored.", content: { "image/png": { schema: { type: "string", contentMediaType: "image/png" } } } } },
    };
    return document;
  }

  it("reads a multipart form's parts (files, JSON, text) and a file answer", () => {
    const upload = operation(withUpload(), "uploadThingPhoto");
    expect(upload.body?.mediaType).toBe("multipart/form-data");
    expect(upload.body?.json).toBeUndefined();
    expect(upload.body?.multipart?.parts).toEqual([
      { name: "photo", kind: "file", required: true, contentType: "image/png", description: "The photo." },
      { name: "details", kind: "json", required: false, contentType: "application/json", description: "Sent as JSON." },
      { name: "caption", kind: "text", required: true },
      { name: "status", kind: "text", required: false, description: "Whether the thing is in use." },
    ]);
    expect(upload.success).toMatchObject({ status: 200, kind: "file", hasBody: true, file: { mediaTypes: ["image/png"] } });
    expect(upload.success.json).toBeUndefined();
  });

  it("refuses a body the SDK cannot send and a part it cannot tell, at their pointers", () => {
    const document = withUpload();
    const media = document.paths["/things/{uuid}"].post.requestBody.content["multipart/form-data"];
    media.schema.properties.tags = { type: "array", items: { type: "string" } };
    media.encoding.missing = { contentType: "text/plain" };
    const form = "/paths/~1things~1{uuid}/post/requestBody/content/multipart~1form-data";
    expect(readModel(document as OpenApiDocument).findings.map(({ rule, pointer }) => [rule, pointer])).toEqual([
      ["operation-media-types", `${form}/encoding/missing`],
      ["operation-media-types", `${form}/schema/properties/tags`],
    ]);
    const text = withUpload();
    text.paths["/things/{uuid}"].post.requestBody.content = { "text/plain": { schema: { type: "string" } } };
    expect(readModel(text as OpenApiDocument).findings).toEqual([
      expect.objectContaining({ rule: "operation-media-types", pointer: "/paths/~1things~1{uuid}/post/requestBody/content" }),
    ]);
  });
});

describe("names the SDK derives", () => {
  /** The base document with one more tag (in the group) and an operation using it, and the model's findings. */
  const withTag = (tag: string) => {
    const document = baseDocument();
    document.tags.push({ name: tag, description: "Another resource." });
    document["x-tagGroups"][0].tags.push(tag);
    document.paths["/things/{uuid}"].delete.tags = [tag];
    return readModel(document as OpenApiDocument).findings.map(({ rule, pointer, message }) => ({ rule, pointer, message }));
  };

  it("refuses tags that give no TypeScript name, a reserved client member, a taken class or the same names", () => {
    const at = { rule: "sdk-names", pointer: "/x-tagGroups/0/tags/1" };
    expect(withTag("2 Things")).toEqual([{ ...at, message: 'tag "2 Things" gives the SDK resource grinfi.2Things (class 2Things), which is not a TypeScript name' }]);
    expect(withTag("Raw")).toEqual([{ ...at, message: 'tag "Raw" gives the SDK resource grinfi.raw, which is already a member of the class the SDK generates' }]);
    expect(withTag("Grinfi")).toEqual([{ ...at, message: 'tag "Grinfi" gives the resource class Grinfi, a name the SDK already uses' }]);
    expect(withTag("things")).toEqual([{ ...at, message: 'tags "Things" and "things" give the same SDK property name things' }]);
  });

  it("refuses two webhook events that give one type name", () => {
    const document = baseDocument();
    const post = { post: { summary: "A thing changed.", description: "Sent when a thing changes.", requestBody: { content: { "application/json": { schema: { type: "object" } } } }, responses: { "200": { description: "ok" } } } };
    document.webhooks = { "thing.changed": post, thing_changed: post };
    expect(readModel(document as OpenApiDocument).findings.map(({ pointer, message }) => ({ pointer, message }))).toEqual([
      { pointer: "/webhooks/thing_changed", message: 'webhooks "thing.changed" and "thing_changed" give the same type name ThingChangedEvent' },
    ]);
  });
});
