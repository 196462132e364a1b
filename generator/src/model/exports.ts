import { readFileSync } from "node:fs";
import { join } from "node:path";
import { joinPointer } from "../load/pointer.ts";
import { RUNTIME_DIR } from "../paths.ts";
import type { Report } from "./extensions.ts";
import { FLOW_NODE_UNION } from "./flow-nodes.ts";
import { enumGuardName, enumValuesConstant, operationTypeNames, webhookTypeName } from "./names.ts";
import type { ApiModel, ExportedName } from "./types.ts";

/**
 * Names every export of the package and checks that no name is taken twice: the core's exports, the client, the
 * enums (type, values constant, guard), the filter field types, the webhook types, the resource classes and their
 * operations' types keep their names; a model type (one per schema a user meets) takes its schema's name, or
 * `<Name>Model` when another export has it (a schema `User` beside the resource class `User` is
 * `UserModel`).
 * Sets `typeName` on each of `model.schemas`, and reports a name that no suffix frees (sdk-names) where the spec
 * writes the second use. Returns the generated (non-core) names with their modules: what a generated file imports.
 */
export function nameExports(model: ApiModel, coreExports: readonly string[], report: Report): Map<string, ExportedName> {
  const declared = new Map<string, ExportedName>();
  const owners = new Map<string, string>();
  const claim = (name: string, owner: string, pointer: string, where?: ExportedName) => {
    const first = owners.get(name);
    if (first !== undefined) {
      report({
        rule: "sdk-names",
        pointer,
        message: `"${name}" would be exported twice by the SDK: as ${first} and as ${owner}`,
        hint: "rename the schema, tag, enum, webhook or operation so that every exported name is unique",
      });
      return;
    }
    owners.set(name, owner);
    if (where) declared.set(name, where);
  };

  // Not from the spec: claimed first, so a clash is always reported at the spec's side.
  for (const name of coreExports) claim(name, `the core's ${name}`, "");
  claim("Grinfi", "the client class", "", { module: "client", type: false });
  claim("GrinfiOptions", "the client's options", "", { module: "client", type: true });
  for (const name of ["components", "operations", "paths", "webhooks"]) {
    claim(name, `openapi-typescript's ${name}`, "");
  }
  claim("WebhookPayload", "the union of webhook types", "", { module: "webhooks", type: true });
  claim("parseWebhookEvent", "the webhook parser", "", { module: "webhooks", type: false });

  for (const enumModel of model.enums) {
    const pointer = joinPointer("/components/schemas", enumModel.name);
    const where = { module: "enums", type: false };
    claim(enumModel.name, `the enum ${enumModel.name}`, pointer, { ...where, type: true });
    claim(enumValuesConstant(enumModel.name), `the values of the enum ${enumModel.name}`, pointer, where);
    claim(enumGuardName(enumModel.name), `the type guard of the enum ${enumModel.name}`, pointer, where);
  }
  const filterTypes = new Map<string, string>();
  for (const operation of model.operations) {
    const name = operation.filter?.fieldsTypeName;
    if (name && !filterTypes.has(name)) filterTypes.set(name, joinPointer(operation.pointer, "x-filter"));
  }
  for (const [name, pointer] of filterTypes) {
    claim(name, `the filter field type ${name}`, pointer, { module: "filters", type: true });
  }
  for (const event of model.webhooks) {
    const where = { module: "webhooks", type: true };
    claim(webhookTypeName(event.event), `the type of the webhook ${event.event}`, joinPointer("/webhooks", event.event), where);
  }
  for (const resource of model.resources) {
    const module = `resources/${resource.fileName}`;
    claim(resource.className, `the resource class of ${resource.tag}`, tagPointer(model, resource.tag), { module, type: false });
    for (const operation of resource.operations) {
      const pointer = joinPointer(operation.pointer, "operationId");
      for (const name of Object.values(operationTypeNames(operation))) {
        claim(name, `a type of the operation ${operation.operationId}`, pointer, { module, type: true });
      }
    }
  }
  if (model.flowNodes.length > 0) {
    // src/flow.ts: the core's builder and check, re-exported, then what it binds to the documented node types.
    const union = joinPointer("/components/schemas", FLOW_NODE_UNION);
    for (const name of Object.values(FLOW_CORE_EXPORTS).flat()) claim(name.replace(/^type /, ""), `the core's ${name}`, union);
    for (const [name, type] of FLOW_EXPORTS) claim(name, `the automation builder's ${name}`, union, { module: "flow", type });
    for (const node of model.flowNodes) {
      const pointer = joinPointer("/components/schemas", node.schemaName);
      if (node.type === END_NODE_TYPE) continue;
      claim(node.payloadTypeName, `the payload type of ${node.type} steps`, pointer, { module: "flow", type: true });
      claim(node.factoryName, `the step factory of ${node.type} steps`, pointer, { module: "flow", type: false });
    }
  }
  for (const schema of model.schemas) {
    schema.typeName = owners.has(schema.name) ? `${schema.name}Model` : schema.name;
    const pointer = joinPointer("/components/schemas", schema.name);
    claim(schema.typeName, `the model type of the schema ${schema.name}`, pointer, { module: "models", type: true });
  }
  return declared;
}

/** What src/flow.ts re-exports from the core, by core module: the builder's and the check's public names. */
export const FLOW_CORE_EXPORTS = {
  "core/flow-builder": [
    "days", "EndedFlow", "FlowChain", "FlowEditor", "FlowStart", "hours", "minutes", "step", "type AbTestOptions",
    "type AfterBranch", "type Arm", "type Arms", "type BuildOptions", "type BuiltFlow", "type BuiltNode",
    "type EditableVersion", "type FilterConditions", "type FlowOptions", "type FlowStep", "type StepOptions",
  ],
  "core/flow": ["firstCommonNodeId", "FlowValidationError", "type FlowCheck", "type FlowProblem", "type FlowProblemCode", "type NodePayload"],
} as const;

/** What src/flow.ts declares besides the node types' payload types and step factories (name, and whether a type). */
const FLOW_EXPORTS: readonly [string, boolean][] = [
  ["isKnownAutomationNode", false],
  ["flow", false],
  ["editFlow", false],
  ["validateFlow", false],
  ["SaveVersionOptions", true],
];

/** The node type every branch ends in: the builder's `end()`, not a step factory. */
export const END_NODE_TYPE = "end";

/** Where x-tagGroups lists a tag. */
function tagPointer(model: ApiModel, tag: string): string {
  for (const [group, category] of model.categories.entries()) {
    const index = category.resources.indexOf(tag);
    if (index >= 0) return joinPointer("/x-tagGroups", group, "tags", index);
  }
  return "/x-tagGroups";
}

let coreExports: string[] | undefined;

/** The names generator/runtime/index.ts exports (read once). */
export function readCoreExports(): readonly string[] {
  coreExports ??= coreExportNames(readFileSync(join(RUNTIME_DIR, "index.ts"), "utf8"));
  return coreExports;
}

/**
 * The names an index file exports, when it lists them as `export { a, b as c, type D } from "./x.js";` or
 * `export type { D } from "./x.js";` statements, the only forms generator/runtime/index.ts uses. It is read without the TypeScript compiler, which
 * lint does not load; any other statement is refused rather than guessed at.
 */
export function coreExportNames(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/[^\n]*/g, "");
  const names: string[] = [];
  for (const statement of code.split(";").map((text) => text.trim()).filter(Boolean)) {
    const list = /^export\s*(?:type\s*)?\{([^}]*)\}\s*from\s*"[^"]+"$/.exec(statement)?.[1];
    if (list === undefined) {
      const first = statement.split("\n")[0];
      throw new Error(`generator/runtime/index.ts: list its exports as export { … } / export type { … } from "…" statements, not: ${first}`);
    }
    for (const item of list.split(",").map((text) => text.trim()).filter(Boolean)) {
      const name = /^(?:type\s+)?([A-Za-z_$][\w$]*)(?:\s+as\s+([A-Za-z_$][\w$]*))?$/.exec(item);
      if (!name) throw new Error(`generator/runtime/index.ts: cannot read the export "${item}"`);
      names.push(name[2] ?? name[1]!);
    }
  }
  return names;
}
