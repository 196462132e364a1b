import { Ajv2020 } from "ajv/dist/2020.js";
import formatsPlugin from "ajv-formats";
const addFormats = formatsPlugin as unknown as (ajv: Ajv2020) => void;
import { beforeAll, describe, expect, it } from "vitest";
import { join } from "node:path";
import type { Bundle } from "../../generator/src/load/bundle.ts";
import { loadSpec } from "../../generator/src/load/index.ts";
import { isRecord, joinPointer } from "../../generator/src/load/pointer.ts";
import { operations } from "../../generator/src/load/traverse.ts";
import { repoRoot } from "../helpers/spec-fixture.ts";

const EXPECTED_CATEGORIES = { Account: 5, CRM: 66, Outreach: 60, Messaging: 27, Browsers: 10, Integrations: 6 };

let bundle: Bundle;
beforeAll(async () => {
  bundle = await loadSpec(join(repoRoot, "spec"));
});

describe("the Grinfi spec", () => {
  it("is OpenAPI 3.1 with exactly the six categories as tag groups", () => {
    expect(bundle.document.openapi).toMatch(/^3\.1\.\d+$/);
    const groups = bundle.document["x-tagGroups"] as { name: string; tags: string[] }[];
    expect(groups.map((g) => g.name)).toEqual(Object.keys(EXPECTED_CATEGORIES));
    const automations = groups.find((g) => g.name === "Outreach")!;
    expect(automations.tags).toContain("Automation Folders");
  });

  it("has exactly 174 operations: the seed's six categories (139) and the 35 the later reference adds", () => {
    const groups = bundle.document["x-tagGroups"] as { name: string; tags: string[] }[];
    const categoryOf = new Map(groups.flatMap((g) => g.tags.map((t) => [t, g.name] as const)));
    const counts: Record<string, number> = {};
    for (const { operation } of operations(bundle.document)) {
      const category = categoryOf.get((operation.tags as string[])[0]!) ?? "none";
      counts[category] = (counts[category] ?? 0) + 1;
    }
    expect(counts).toEqual(EXPECTED_CATEGORIES);
  });

  it("gives every operation the fields a client and a reader need", () => {
    const problems: string[] = [];
    const ids = new Set<string>();
    for (const { path, method, operation, pathItem } of operations(bundle.document)) {
      const where = `${method.toUpperCase()} ${path}`;
      const id = operation.operationId;
      if (typeof id !== "string" || !/^[a-z][a-zA-Z0-9]*$/.test(id)) problems.push(`${where}: operationId not camelCase`);
      if (ids.has(String(id))) problems.push(`${where}: duplicate operationId`);
      ids.add(String(id));
      if (typeof operation.summary !== "string" || !operation.summary) problems.push(`${where}: no summary`);
      if (typeof operation.description !== "string" || operation.description.length < 20) problems.push(`${where}: no description`);
      if (!Array.isArray(operation.tags) || operation.tags.length !== 1) problems.push(`${where}: not exactly one tag`);
      const responses = operation.responses as Record<string, unknown>;
      const codes = Object.keys(responses);
      if (!codes.some((c) => /^2\d\d$/.test(c))) problems.push(`${where}: no 2xx response`);
      for (const code of ["401", "403", "429", "5XX"]) if (!codes.includes(code)) problems.push(`${where}: no ${code}`);
      const hasPathParam = path.includes("{");
      if (hasPathParam && !codes.includes("404")) problems.push(`${where}: addresses a record but has no 404`);
      const parameters = [...((pathItem.parameters as unknown[]) ?? []), ...((operation.parameters as unknown[]) ?? [])];
      const takesInput = operation.requestBody !== undefined || parameters.length > (hasPathParam ? (path.match(/\{/g) ?? []).length : 0);
      if (takesInput && !codes.includes("422")) problems.push(`${where}: takes input but has no 422`);
      for (const [code, response] of Object.entries(responses)) {
        if (/^[45]/.test(code) && (response as { $ref?: string }).$ref === undefined) problems.push(`${where}: ${code} does not use a shared error response`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("marks every list that answers a page with x-pagination, and only those", () => {
    const problems: string[] = [];
    for (const { path, method, operation } of operations(bundle.document)) {
      const ok = Object.entries(operation.responses as Record<string, unknown>).find(([c]) => /^2/.test(c))?.[1] as Record<string, unknown>;
      const schema = (ok?.content as Record<string, { schema?: { $ref?: string } }> | undefined)?.["application/json"]?.schema;
      const target = schema?.$ref ? resolve(schema.$ref) : schema;
      const isPage = isRecord(target) && JSON.stringify(target.allOf ?? []).includes("#/components/schemas/ListEnvelope");
      if (isPage !== (operation["x-pagination"] !== undefined)) problems.push(`${method.toUpperCase()} ${path}: page=${isPage} x-pagination=${operation["x-pagination"] !== undefined}`);
    }
    expect(problems).toEqual([]);
  });

  it("declares each enum value set once, and covers the seed's enums", () => {
    type EnumSchema = { enum?: unknown[]; anyOf?: { enum?: unknown[] }[] };
    const schemas = bundle.document.components.schemas as Record<string, EnumSchema>;
    // A closed set lists its values in `enum`; an open set (DECISIONS D1) in the first member of its anyOf.
    const values = (name: string): unknown[] => schemas[name]?.enum ?? schemas[name]?.anyOf?.[0]?.enum ?? [];
    const enums = Object.keys(schemas).filter((name) => values(name).length > 0);
    const sets = new Map<string, string>();
    // One-value enums (e.g. `active` of teams and of LinkedIn accounts) are different concepts that happen to
    // share their only documented value; two enums with the same 2+ values are one concept defined twice.
    for (const name of enums.filter((n) => values(n).length > 1)) {
      const key = JSON.stringify([...values(name)].map(String).sort());
      expect(sets.get(key), `${name} repeats ${sets.get(key)}`).toBeUndefined();
      sets.set(key, name);
    }
    expect(values("TaskStatus")).toEqual(expect.arrayContaining(["in_progress", "closed", "canceled", "failed", "skipped"]));
    expect(values("DataSourceStatus")).toEqual(expect.arrayContaining(["not_started", "in_progress", "completed", "failed"]));
    expect(values("AutomationStatus")).toEqual(expect.arrayContaining(["on", "off", "draft", "archived"]));
    expect(values("PipelineStageCategory")).toEqual(["cold", "engaging", "positive", "negative"]);
    expect(values("WebhookEvent")).toHaveLength(19);
    expect(values("ContactMassActionType")).toHaveLength(11);
    expect(values("ActivityType").length).toBeGreaterThanOrEqual(11);
    for (const name of ["ContactStatus", "LinkedinStatus", "EmailStatus", "TaskType", "LinkedinMessageType", "LinkedinMessageStatus", "MessageDirection", "ErrorReason", "DataSourceType"]) {
      expect(values(name).length, name).toBeGreaterThan(0);
    }
  });

  it("keeps open the value sets no source lists in full, and closes those the reference lists", () => {
    const schemas = bundle.document.components.schemas as Record<string, { enum?: unknown[]; anyOf?: unknown[] }>;
    const isOpen = (name: string) => schemas[name]?.enum === undefined && schemas[name]?.anyOf?.length === 2;
    // One example value, "known values", "12+", or values a client sends beyond the reference's list.
    const open = ["ContactStatus", "LinkedinStatus", "EmailStatus", "ActivityType", "TaskType", "ErrorReason", "AutomationContactStatus", "TeamStatus", "ContactSourceRotationStrategy"];
    expect(open.filter((name) => !isOpen(name))).toEqual([]);
    const closed = ["TaskStatus", "DataSourceStatus", "DataSourceType", "AutomationStatus", "PipelineStageCategory", "LinkedinMessageType", "LinkedinMessageStatus", "MessageDirection", "WebhookEvent"];
    expect(closed.filter((name) => isOpen(name) || schemas[name]?.enum === undefined)).toEqual([]);
    // The task types a public client filters on, beyond the eight the reference lists.
    expect(schemas.TaskType?.anyOf?.[0]).toMatchObject({ enum: expect.arrayContaining(["util_timer", "trigger_message_replied"]) });
  });

  it("carries the fields the changelog added", () => {
    const props = (name: string) => Object.keys((bundle.document.components.schemas as Record<string, { properties?: object }>)[name]?.properties ?? {});
    expect(props("Task")).toEqual(expect.arrayContaining(["payload", "attempts", "error_msg", "priority", "automation_error_code"]));
    expect(props("SenderProfile")).toEqual(expect.arrayContaining(["smart_limits_enabled", "avatar_url", "schedule", "hold_tasks_till"]));
    expect(props("LinkedinMessage")).toEqual(expect.arrayContaining(["linkedin_type", "fail_reason", "read_at", "sent_at"]));
    expect(props("Automation")).toEqual(expect.arrayContaining(["use_sender_schedule"]));
    expect(props("ScheduleTimeblock")).toEqual(expect.arrayContaining(["min", "max"]));
    expect(props("StoredScheduleTimeblock")).toEqual(expect.arrayContaining(["min", "max"]));
    expect(props("ErrorEnvelope")).toEqual(["error", "message", "code"]);
  });

  it("uses every component it defines", () => {
    const text = JSON.stringify({ ...bundle.document, components: undefined }) + JSON.stringify(bundle.document.components);
    const unused: string[] = [];
    for (const [kind, entries] of Object.entries(bundle.document.components)) {
      if (kind === "securitySchemes") continue;
      for (const name of Object.keys(entries)) {
        if (!text.includes(`"#/components/${kind}/${name}"`)) unused.push(`${kind}/${name}`);
      }
    }
    expect(unused).toEqual([]);
  });

  it("has an example on every JSON request body and 2xx answer, each valid against its schema", () => {
    const ajv = new Ajv2020({ strict: false, allErrors: false, validateSchema: false });
    addFormats(ajv);
    ajv.addSchema(bundle.document, "spec");
    const problems: string[] = [];
    let checked = 0;
    for (const { pointer, operation } of operations(bundle.document)) {
      const media: [string, unknown][] = [];
      const body = operation.requestBody as Record<string, unknown> | undefined;
      if (body) media.push([joinPointer(pointer, "requestBody", "content", "application/json"), (body.content as Record<string, unknown>)["application/json"]]);
      for (const [code, response] of Object.entries(operation.responses as Record<string, Record<string, unknown>>)) {
        if (/^2/.test(code) && isRecord(response.content)) media.push([joinPointer(pointer, "responses", code, "content", "application/json"), response.content["application/json"]]);
      }
      for (const [at, entry] of media) {
        if (!isRecord(entry)) continue;
        if (!("example" in entry)) {
          problems.push(`${at}: no example`);
          continue;
        }
        const validate = ajv.getSchema(`spec#${at}/schema`) ?? ajv.compile({ $ref: `spec#${at}/schema` });
        checked++;
        if (!validate(entry.example)) {
          const where = bundle.locate(`${at}/example`);
          problems.push(`${where?.file}:${where?.line} ${at}/example: ${ajv.errorsText(validate.errors)}`);
        }
      }
    }
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(150);
  });
});

function resolve(ref: string): unknown {
  return ref.split("/").slice(1).reduce<unknown>((node, key) => (node as Record<string, unknown>)?.[key.replace(/~1/g, "/").replace(/~0/g, "~")], bundle.document);
}
