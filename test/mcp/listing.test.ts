/** What full mode lists for each operation's arguments, against what the server checks calls with. */
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { annotationsFor, listedAnnotations } from "../../generator/mcp-runtime/effects.ts";
import { ABRIDGED_ABOVE_BYTES, hoistRepeated, listedSchema } from "../../generator/mcp-runtime/listing.ts";
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
  retryTasks: [{ uuids: [UUID] }],
};

describe("listed schemas", () => {
  it("write a shape used more than once in $defs, and leave a shape used once where it is", () => {
    const pair = { type: "object", required: ["node_id", "branch_id"], properties: { node_id: { type: "integer" }, branch_id: { type: "integer" } } };
    const name = { type: "string", minLength: 1, maxLength: 200, pattern: "^[a-z]+$" };
    const schema = { type: "object", properties: { before: { type: "array", items: pair }, after: { type: "array", items: pair }, first: pair, name } };
    const hoisted = hoistRepeated(schema);
    expect(hoisted).toEqual({
      type: "object",
      // The arrays around it, written once, would save less than their two references cost.
      properties: { before: { type: "array", items: { $ref: "#/$defs/shape" } }, after: { type: "array", items: { $ref: "#/$defs/shape" } }, first: { $ref: "#/$defs/shape" }, name },
      $defs: { shape: pair },
    });
    for (const value of [{ before: [{ node_id: 1, branch_id: 2 }] }, { after: [{ node_id: 1 }] }, { before: [{}], name: "x" }]) {
      expect(accepts(hoisted, value)).toBe(accepts(schema, value));
    }
  });

  it("compile for every operation, and accept every argument set the server's full schema accepts", () => {
    for (const spec of OPERATIONS) expect(() => ajv.compile(listedSchema(spec.inputSchema).schema), spec.name).not.toThrow();
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
  });
});
