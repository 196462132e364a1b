import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { SpecError } from "../../generator/src/errors.ts";
import { PackageExports } from "../../generator/src/emit/exports.ts";
import { emitFlow } from "../../generator/src/emit/flow.ts";
import type { Bundle } from "../../generator/src/load/bundle.ts";
import { loadSpec } from "../../generator/src/load/index.ts";
import { buildModel } from "../../generator/src/model/build.ts";
import type { ApiModel } from "../../generator/src/model/types.ts";
import { repoRoot } from "../helpers/spec-fixture.ts";

let bundle: Bundle;
let model: ApiModel;
beforeAll(async () => {
  bundle = await loadSpec(join(repoRoot, "spec"));
  model = buildModel(bundle);
});

describe("the model's automation node types", () => {
  it("reads one step per documented node type, named after its schema", () => {
    const types = (bundle.document.components.schemas as Record<string, { enum?: string[] }>).AutomationNodeType!.enum!;
    expect(model.flowNodes.map((node) => node.type).sort()).toEqual([...types].sort());
    const byType = new Map(model.flowNodes.map((node) => [node.type, node]));
    expect(byType.get("email_send_message")).toMatchObject({ schemaName: "SendEmailNode", factoryName: "sendEmail", emptyPayload: false });
    expect(byType.get("linkedin_visit_profile")).toMatchObject({ factoryName: "visitProfile", emptyPayload: true });
    expect(byType.get("end")).toMatchObject({ emptyPayload: true });
    expect(new Set(model.flowNodes.map((node) => node.factoryName)).size).toBe(model.flowNodes.length);
  });

  it("reports a node schema the discriminator does not map, at its place in the union", () => {
    const broken = structuredClone(bundle.document);
    const union = (broken.components.schemas as Record<string, { discriminator: { mapping: Record<string, string> } }>).KnownAutomationNode!;
    delete union.discriminator.mapping.gs_add_tag;
    try {
      buildModel({ ...bundle, document: broken });
      expect.unreachable("buildModel accepted an unmapped node schema");
    } catch (error) {
      expect(error).toBeInstanceOf(SpecError);
      const [finding] = (error as SpecError).findings;
      expect(finding?.message).toMatch(/discriminator's mapping/);
      expect(finding?.location?.pointer).toMatch(/^\/components\/schemas\/KnownAutomationNode\/oneOf\/\d+$/);
    }
  });

  it("gives every operation a method, and reads the file operations' forms and answers", () => {
    const methods = model.resources.flatMap((resource) => resource.operations);
    expect(methods).toHaveLength(174);
    const byId = new Map(methods.map((operation) => [operation.operationId, operation]));
    expect(byId.get("uploadCsvFile")?.body).toMatchObject({
      mediaType: "multipart/form-data",
      component: "UploadCsvFileRequest",
      multipart: {
        parts: [
          { name: "file", kind: "file", required: true, contentType: "text/csv" },
          { name: "type", kind: "text", required: true },
        ],
      },
    });
    expect(byId.get("uploadAttachment")?.body?.multipart?.parts.map(({ name, kind, contentType }) => [name, kind, contentType])).toEqual([
      ["attachment", "file", undefined],
      ["payload", "json", "application/json"],
    ]);
    expect(byId.get("downloadCsvExport")?.success).toMatchObject({ status: 200, kind: "file", hasBody: true, file: { mediaTypes: ["text/csv"] } });
    expect(byId.get("downloadCsvExport")?.body?.mediaType).toBe("application/json");
    expect(byId.get("getContact")?.success.kind).toBe("json");
    expect(byId.get("createAutomationVersion")?.preflight).toBe("validateFlow");
  });
});

describe("src/flow.ts", () => {
  it("has one typed step factory per node type but the end, and binds the builder to the documented types", () => {
    const [file] = emitFlow(model, new PackageExports(model));
    expect(file?.path).toBe("src/flow.ts");
    const factories = [...file!.contents.matchAll(/^export (?:async )?function (\w+)\(/gm)].map((m) => m[1]);
    const steps = model.flowNodes.filter((node) => node.type !== "end").map((node) => node.factoryName);
    expect(factories).toEqual(["isKnownAutomationNode", "flow", "editFlow", "validateFlow", ...steps]);
    expect(file!.contents).toMatch(/export function sendEmail\(\s*payload: SendEmailPayload,\s*options\?: StepOptions,?\s*\): FlowStep<"email_send_message", SendEmailPayload> \{/);
    expect(file!.contents).toContain('export function visitProfile(options?: StepOptions): FlowStep<"linkedin_visit_profile", VisitProfilePayload> {');
    expect(file!.contents.split("\n").filter((line) => line.length > 120)).toEqual([]);
  });

  it("is not written for a spec without automation nodes", () => {
    const withoutNodes = { ...model, flowNodes: [] };
    expect(emitFlow(withoutNodes, new PackageExports(withoutNodes))).toEqual([]);
  });
});
