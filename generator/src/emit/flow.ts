import { END_NODE_TYPE, FLOW_CORE_EXPORTS } from "../model/exports.ts";
import type { ApiModel } from "../model/types.ts";
import type { PackageExports } from "./exports.ts";
import type { EmittedFile } from "./file.ts";
import { Imports } from "./imports.ts";
import { list } from "./layout.ts";
import { renderCode } from "./templates.ts";

/**
 * `src/flow.ts`: the automation builder typed from the spec. The core's builder and check (generator/runtime/
 * flow-builder.ts, flow.ts) re-exported, bound to the node types of `KnownAutomationNode` (`flow`, `editFlow`,
 * `validateFlow`), the options of the methods that check a version before sending it (`x-preflight: validateFlow`),
 * and one step factory per node type, its payload typed from the node's schema.
 * None when the spec has no node union.
 */
export function emitFlow(model: ApiModel, names: PackageExports): EmittedFile[] {
  if (model.flowNodes.length === 0) return [];
  const imports = new Imports("flow", names.declared);
  const schemaType = (schema: string) => {
    const named = names.modelType(schema);
    return named ? imports.use(named) : `${imports.use("components")}["schemas"]["${schema}"]`;
  };
  const contactSource = schemaType("AutomationContactSource");
  const steps = model.flowNodes.filter((node) => node.type !== END_NODE_TYPE).map((node) => {
    const returnType = `${imports.use("FlowStep")}<${JSON.stringify(node.type)}, ${node.payloadTypeName}>`;
    const options = `options?: ${imports.use("StepOptions")}`;
    const parameters = node.emptyPayload ? [options] : [`payload: ${node.payloadTypeName}`, options];
    return {
      type: node.type,
      payloadType: node.payloadTypeName,
      payloadSchema: `NonNullable<${schemaType(node.schemaName)}["payload"]>`,
      docs: node.description || `A \`${node.type}\` step.`,
      signature: list(`export function ${node.factoryName}`, parameters, `: ${returnType} {`, ""),
      call: `return ${imports.use("step")}(${JSON.stringify(node.type)}, ${node.emptyPayload ? "[]" : "payload"}, options);`,
    };
  });
  const context = {
    reexports: Object.entries(FLOW_CORE_EXPORTS).map(([module, exported]) => list("export ", [...exported], ` from "./${module}.js";`, "", "{}")),
    knownTypes: model.flowNodes.map((node) => JSON.stringify(node.type)),
    automationNode: schemaType("AutomationNode"),
    knownAutomationNode: schemaType("KnownAutomationNode"),
    flowSignature: list("export function flow", [`options: Omit<${imports.use("FlowOptions")}, "knownTypes"> = {}`], `: ${imports.use("FlowStart")} {`, ""),
    flowCall: `return ${imports.use("flowWithRules")}({ ...options, knownTypes: KNOWN_TYPES });`,
    editSignature: list(
      "export function editFlow",
      [`version: ${imports.use("EditableVersion")}<${contactSource}>`, `options: Omit<FlowOptions, "knownTypes"> = {}`],
      `: ${imports.use("FlowEditor")}<${contactSource}> {`,
      "",
    ),
    editCall: `return ${imports.use("editWithRules")}(version, { ...options, knownTypes: KNOWN_TYPES });`,
    validateSignature: `export function validateFlow(version: unknown): ${imports.use("FlowCheck")} {`,
    validateCall: `return ${imports.use("validateWithRules")}(version, { knownTypes: KNOWN_TYPES });`,
    steps,
  };
  return [renderCode("src/flow.ts", "flow.ts", context, imports)];
}
