/** What full mode lists for each operation's arguments, against what the server checks calls with. */
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { annotationsFor, listedAnnotations } from "../../generator/mcp-runtime/effects.ts";
import { ABRIDGED_ABOVE_BYTES, listedSchema, loosenValueUnions, withoutRefs } from "../../generator/mcp-runtime/listing.ts";
import type { JsonObject, OperationSpec } from "../../generator/mcp-runtime/operations.ts";
import { fullTools } from "../../generator/mcp-runtime/tools.ts";
import { OPERATIONS } from "../../generated/mcp/src/operations.ts";

const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
const operation = (name: string): OperationSpec => {
  const found = OPERATIONS.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no operation ${name}`);
  return found;
};
const accepts = (schema: JsonObject, value: unknown): boolean => ajv.compile(schema)(value);

const UUID = "0b5f1c2e-3d4a-4b6c-8d9e-0f1a2b3c4d5e";

/** Arguments the full schema accepts, in every form the filter language has; the listed schema must accept them too. */
const VALID: Record<string, Record<string, unknown>[]> = {
  searchContacts: [
    {},
    { filter: { work_email: "is_not_null", connections_number: { ">=": 500 }, list_uuid: [UUID], name: { "!=": "Ada" } } },
    { filter: { user_id: "is_null", created_at: { "<": "2026-01-01" }, status: ["ok", "something-new"] }, limit: 5 },
  ],
  listTasks: [{ filter: { status: ["closed", "in_progress"], automation: "manual", executed_at: { ">=": "2026-01-01" } } }],
  runContactMassAction: [{ type: "contact_add_tags", filter: { ids: [UUID] }, payload: { tag_uuid: UUID } }],
  retryTasks: [{ uuids: [UUID] }, { filter: { status: "failed", schedule_at: { ">": "2026-01-01" }, lead_uuid: [UUID] } }],
  exportContactsToCsv: [{ filter: { all: true, list_uuid: { "=": [UUID] }, email_status: "is_not_null" } }],
};

describe("listed schemas", () => {
  it("inline $refs, and list a large union of plain values as the types its members take", () => {
    const pair = { type: "object", required: ["node_id"], properties: { node_id: { type: "integer" } } };
    const schema = { type: "object", properties: { before: { type: "array", items: { $ref: "#/$defs/pair" } } }, $defs: { pair } };
    expect(withoutRefs(schema)).toEqual({ type: "object", properties: { before: { type: "array", items: pair } } });
    const scalar = { type: ["string", "number", "boolean"] };
    const condition: JsonObject = {
      anyOf: [
        { type: "string", enum: ["is_null", "is_not_null"] },
        scalar,
        { type: "array", items: scalar },
        { type: "object", properties: { "=": scalar, "!=": scalar, "<": scalar, ">": scalar } },
      ],
    };
    const loose = loosenValueUnions({ type: "object", additionalProperties: condition });
    expect(loose).toEqual({ type: "object", additionalProperties: { type: ["string", "number", "boolean", "array", "object"] } });
    for (const value of [{ a: "is_null" }, { a: 3 }, { a: ["x", 1] }, { a: { "=": 2 } }]) {
      expect(accepts({ type: "object", additionalProperties: condition }, value)).toBe(true);
      expect(accepts(loose, value)).toBe(true);
    }
    // Variants that require fields say what each needs: they stay as they are.
    const variants = { anyOf: [pair, { ...pair, required: ["other"] }, { type: "object", properties: { other: scalar } }] };
    expect(loosenValueUnions(variants)).toEqual(variants);
  });

  it("compile for every operation, and accept every argument set the server's full schema accepts", () => {
    for (const spec of OPERATIONS) {
      const { schema } = listedSchema(spec.inputSchema);
      expect(() => ajv.compile(schema), spec.name).not.toThrow();
      // Several clients drop $defs before the model sees a schema: nothing listed refers to one.
      expect(JSON.stringify(schema), spec.name).not.toContain("$ref");
    }
    for (const [name, samples] of Object.entries(VALID)) {
      const { inputSchema } = operation(name);
      for (const sample of samples) {
        expect(accepts(inputSchema, sample), `${name} full ${JSON.stringify(sample)}`).toBe(true);
        expect(accepts(listedSchema(inputSchema).schema, sample), `${name} listed ${JSON.stringify(sample)}`).toBe(true);
      }
    }
  });

  it("name a filter's fields, keep the values of closed sets, and refuse an unknown field", () => {
    const { schema } = listedSchema(operation("listTasks").inputSchema);
    const filter = (schema.properties as Record<string, JsonObject>)["filter"]!;
    expect(filter.propertyNames).toEqual({ enum: expect.arrayContaining(["status", "automation", "executed_at", "lead_uuid"]) });
    expect(JSON.stringify(filter.properties)).toContain('"enum":["in_progress","closed","canceled","failed","skipped"]');
    expect(accepts(schema, { filter: { staus: "closed" } })).toBe(false);
    expect(accepts(schema, { filter: { status: "done" } })).toBe(false);
  });

  it("show only the top level of the largest, and say so in the tool's description", () => {
    const automationGraph = operation("createAutomationVersion");
    expect(JSON.stringify(automationGraph.inputSchema).length).toBeGreaterThan(30_000);
    const listed = listedSchema(automationGraph.inputSchema);
    expect(listed.abridged).toBe(true);
    expect(listed.schema).toMatchObject({ properties: { flowUuid: { type: "string" }, nodes: { type: "array" } } });
    const tool = fullTools([automationGraph])[0]!;
    expect(tool.description).toContain("Arguments abridged: describe_operation gives their full schema.");
    for (const spec of OPERATIONS) {
      const { schema, abridged } = listedSchema(spec.inputSchema);
      if (!abridged) expect(JSON.stringify(schema).length, spec.name).toBeLessThanOrEqual(ABRIDGED_ABOVE_BYTES);
    }
    expect(listedSchema(operation("searchContacts").inputSchema).abridged).toBe(false);
  });

  it("list the annotations MCP does not assume, which read back as the four hints of the operation's effects", () => {
    const defaults = { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true };
    for (const spec of OPERATIONS) {
      const hints = annotationsFor(spec.effects, spec.method);
      const read = { ...defaults, ...listedAnnotations(hints) };
      if (hints.readOnlyHint) expect({ readOnlyHint: read.readOnlyHint, openWorldHint: read.openWorldHint }, spec.name).toEqual({ readOnlyHint: true, openWorldHint: false });
      else expect(read, spec.name).toEqual(hints);
    }
    expect(listedAnnotations(annotationsFor(["read"], "GET"))).toEqual({ readOnlyHint: true, openWorldHint: false });
    expect(listedAnnotations(annotationsFor(["send"], "POST"))).toEqual({ destructiveHint: false });
    expect(listedAnnotations(annotationsFor(["write", "send", "destroy"], "PUT"))).toEqual({ readOnlyHint: false });
  });
});
