import { describe, expect, it } from "vitest";
import { loadSpec } from "../../generator/src/load/index.ts";
import { buildModel } from "../../generator/src/model/build.ts";
import { readEnumSet } from "../../generator/src/model/enums.ts";
import type { ApiModel } from "../../generator/src/model/types.ts";
import { writeSpecFixture } from "../helpers/spec-fixture.ts";

/** Operations on `Thing` for the fixture: `fields` is the YAML flow mapping of each one's x-filter fields. */
function filteredThings(filters: Record<string, string>): string {
  const paths = Object.entries(filters).map(([operationId, fields]) => `  /things/${operationId}:
    post:
      operationId: ${operationId}
      x-method: ${operationId}
      x-effects: [read]
      summary: ${operationId}
      description: Filters things.
      tags: [Things]
      x-filter: { encoding: body, resource: Thing, fields: ${fields} }
      requestBody:
        content:
          application/json:
            schema: { type: object, properties: { filter: { type: object } } }
      responses:
        '204':
          description: Done.`);
  const thing = "components:\n  schemas:\n    Thing: { type: object, description: A thing. }\n";
  return `paths:\n${paths.join("\n")}\n${thing}`;
}

async function modelOf(files: Record<string, string>): Promise<ApiModel> {
  return buildModel(await loadSpec(writeSpecFixture(files), { openApiStructure: false }));
}

const filterNames = (model: ApiModel) =>
  Object.fromEntries(model.resources.flatMap((r) => r.operations).map((o) => [o.operationId, o.filter?.fieldsTypeName]));

describe("filter field types", () => {
  it("are shared by the operations that filter the same fields of one resource", async () => {
    const fields = "{ name: { type: string }, size: { type: integer, nullable: true } }";
    const model = await modelOf({ "resources/things.yaml": filteredThings({ countThings: fields, searchThings: fields }) });
    expect(filterNames(model)).toEqual({ countThings: "ThingFilterFields", searchThings: "ThingFilterFields" });
  });

  it("give the resource's name to the set holding every other set's fields, operation names to the rest", async () => {
    const model = await modelOf({
      "resources/things.yaml": filteredThings({
        listThings: "{ name: { type: string }, size: { type: integer } }",
        countThings: "{ size: { type: integer } }",
      }),
    });
    expect(filterNames(model)).toEqual({ countThings: "CountThingsFilterFields", listThings: "ThingFilterFields" });
  });

  it("name every set after its first operation when no set holds all the fields", async () => {
    const model = await modelOf({
      "resources/things.yaml": filteredThings({
        listThings: "{ name: { type: string } }",
        countThings: "{ size: { type: integer } }",
        sumThings: "{ size: { type: integer } }",
        // Same field, but null checks apply: a different set.
        searchThings: "{ name: { type: string, nullable: true } }",
      }),
    });
    expect(filterNames(model)).toEqual({
      countThings: "CountThingsFilterFields",
      listThings: "ListThingsFilterFields",
      searchThings: "SearchThingsFilterFields",
      sumThings: "CountThingsFilterFields",
    });
  });
});

describe("enum shapes", () => {
  it("reads a plain enum as a closed set and DECISIONS D1's anyOf as an open one", () => {
    expect(readEnumSet({ type: "string", enum: ["a", "b"] })).toEqual({ values: ["a", "b"], open: false });
    const open = { anyOf: [{ type: "string", enum: ["ok"] }, { type: "string" }] };
    expect(readEnumSet(open)).toEqual({ values: ["ok"], open: true });
    expect(readEnumSet({ anyOf: [{ type: "integer", enum: [1, 2] }, { type: "integer" }] })).toEqual({ values: [1, 2], open: true });
  });

  it("does not take other anyOf schemas for enums", () => {
    expect(readEnumSet({ anyOf: [{ type: "string", enum: ["ok"] }, { type: "integer" }] })).toBeUndefined();
    expect(readEnumSet({ anyOf: [{ type: "string", enum: ["ok"] }, { type: "string", format: "uuid" }] })).toBeUndefined();
    expect(readEnumSet({ anyOf: [{ type: "string" }, { type: "string" }] })).toBeUndefined();
    expect(readEnumSet({ anyOf: [{ type: "string", enum: ["a"] }, { type: "string" }, { type: "null" }] })).toBeUndefined();
    expect(readEnumSet({ type: "object" })).toBeUndefined();
  });

  it("puts open and closed sets in the model", async () => {
    const model = await modelOf({
      "resources/things.yaml": `${THINGS_WITH_PAGES}    Mood:
      description: How a thing feels. Open set.
      anyOf:
        - { type: string, enum: [calm, busy] }
        - { type: string }
`,
    });
    expect(model.enums).toEqual([
      { name: "Mood", description: "How a thing feels. Open set.", values: ["calm", "busy"], open: true },
      { name: "Shade", description: "A shade.", values: ["dark", "light"], open: false },
    ]);
  });
});

const THINGS_WITH_PAGES = `paths:
  /things:
    get:
      operationId: listThings
      x-method: list
      x-effects: [read]
      summary: List things
      description: Lists things.
      tags: [Things]
      x-pagination: { in: query }
      parameters:
        - { name: shade, in: query, schema: { $ref: '#/components/schemas/Shade' } }
        - { name: limit, in: query, schema: { type: integer } }
        - { name: offset, in: query, schema: { type: integer } }
      responses:
        '200':
          description: A page.
          content:
            application/json:
              schema: { $ref: '#/components/schemas/ThingPage' }
    post:
      operationId: createThing
      x-method: create
      x-effects: [write]
      summary: Create a thing
      description: Creates a thing.
      tags: [Things]
      requestBody:
        content:
          application/json:
            schema: { $ref: '#/components/schemas/ThingInput' }
      responses:
        '201':
          description: Created.
          content:
            application/json:
              schema: { $ref: '#/components/schemas/Thing' }
webhooks:
  thing_made:
    post:
      summary: A thing was made
      description: Sent when a thing is made.
      requestBody:
        content:
          application/json:
            schema: { $ref: '#/components/schemas/ThingMade' }
      responses:
        '200':
          description: Acknowledged.
components:
  schemas:
    Envelope:
      type: object
      description: A page of anything.
      properties:
        data: { type: array, items: {} }
        total: { type: integer }
    ThingPage:
      description: A page of things.
      allOf:
        - $ref: '#/components/schemas/Envelope'
        - type: object
          properties:
            data: { type: array, items: { $ref: '#/components/schemas/Thing' } }
    Thing:
      type: object
      description: A thing.
      properties:
        shade: { $ref: '#/components/schemas/Shade' }
        part: { $ref: '#/components/schemas/Part' }
    Part:
      type: object
      properties:
        size: { type: integer }
    ThingInput:
      type: object
      description: What a new thing is made of.
      properties:
        name: { type: string }
    ThingMade:
      type: object
      description: The delivery.
      properties:
        thing: { $ref: '#/components/schemas/Thing' }
    Unused:
      type: object
      description: Reached by nothing.
    Shade:
      type: string
      description: A shade.
      enum: [dark, light]
`;

describe("schemas a user meets", () => {
  it("are every component reachable from operations and webhooks, enums and unreachable ones apart", async () => {
    const model = await modelOf({ "resources/things.yaml": THINGS_WITH_PAGES });
    expect(model.schemas).toEqual([
      { name: "Envelope", typeName: "Envelope", description: "A page of anything." },
      { name: "Part", typeName: "Part", description: "" },
      { name: "Thing", typeName: "Thing", description: "A thing." },
      { name: "ThingInput", typeName: "ThingInput", description: "What a new thing is made of." },
      { name: "ThingMade", typeName: "ThingMade", description: "The delivery." },
      { name: "ThingPage", typeName: "ThingPage", description: "A page of things.", pageItem: "Thing" },
    ]);
  });

  it("are named on the operations and webhooks that send or answer them", async () => {
    const model = await modelOf({ "resources/things.yaml": THINGS_WITH_PAGES });
    const [create, list] = model.resources[0]!.operations;
    expect(create?.body?.component).toBe("ThingInput");
    expect(create?.success.component).toBe("Thing");
    expect(list?.success.component).toBe("ThingPage");
    expect(model.webhooks[0]?.component).toBe("ThingMade");
  });
});
