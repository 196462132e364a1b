import type { ApiModel, FlowNodeTypeModel } from "../model/types.ts";
import type { EmittedFile } from "./file.ts";
import { docText, withHeader } from "./project.ts";

/**
 * `src/flow.ts`: the automation builder typed from the spec. One step factory per node type of
 * `KnownAutomationNode` (its payload type taken from the node's schema), `flow`, `editFlow` and `validateFlow` bound
 * to the documented node types, and `saveVersion`. None when the spec has no node union.
 */
export function emitFlow(model: ApiModel): EmittedFile[] {
  const steps = model.flowNodes.filter((node) => node.type !== "end");
  if (steps.length === 0) return [];
  const knownTypes = model.flowNodes.map((node) => `  ${JSON.stringify(node.type)},`).join("\n");
  const text = `import type { components } from "./schema.js";
import type { CallOptions } from "./core/resource.js";
import { assertValidFlow, validateFlow as validateWithRules, type FlowCheck } from "./core/flow.js";
import {
  editFlow as editWithRules,
  flow as flowWithRules,
  step,
  type EditableVersion,
  type FlowEditor,
  type FlowOptions,
  type FlowStart,
  type FlowStep,
  type StepOptions,
} from "./core/flow-builder.js";
import type { AutomationVersions, CreateAutomationVersionParams } from "./resources/automation-versions.js";

export {
  days,
  EndedFlow,
  FlowChain,
  FlowEditor,
  FlowStart,
  hours,
  minutes,
  step,
  type AbTestOptions,
  type AfterBranch,
  type Arm,
  type Arms,
  type BuildOptions,
  type BuiltFlow,
  type BuiltNode,
  type EditableVersion,
  type FilterConditions,
  type FlowOptions,
  type FlowStep,
  type StepOptions,
} from "./core/flow-builder.js";
export {
  firstCommonNodeId,
  FlowValidationError,
  type FlowCheck,
  type FlowProblem,
  type FlowProblemCode,
  type NodePayload,
} from "./core/flow.js";

/** One step of an automation: of a documented type (\`KnownAutomationNode\`) or of a newer one. */
export type AutomationNode = components["schemas"]["AutomationNode"];
/** A node of a documented type; narrow it on \`type\` (see {@link isKnownAutomationNode}). */
export type KnownAutomationNode = components["schemas"]["KnownAutomationNode"];
/** A saved version of an automation, as \`automationVersions.get\` answers it. */
export type AutomationVersion = components["schemas"]["AutomationVersion"];
/** An audience of an automation version. */
export type AutomationContactSource = components["schemas"]["AutomationContactSource"];

/** The node types the spec documents, whose branch rules the builder and \`validateFlow\` apply. */
const KNOWN_TYPES: readonly string[] = [
${knownTypes}
];

/** Whether a node is of a documented type, so that its \`type\` narrows its \`payload\`. */
export function isKnownAutomationNode(node: AutomationNode): node is KnownAutomationNode {
  return KNOWN_TYPES.includes(node.type);
}

/** A new automation: \`flow().start(visitProfile()).then(sendConnectionRequest({ template })).build()\`. */
export function flow(options: Omit<FlowOptions, "knownTypes"> = {}): FlowStart {
  return flowWithRules({ ...options, knownTypes: KNOWN_TYPES });
}

/** Starts editing a version read with \`automationVersions.get\`; see FlowEditor. */
export function editFlow(
  version: EditableVersion<AutomationContactSource>,
  options: Omit<FlowOptions, "knownTypes"> = {},
): FlowEditor<AutomationContactSource> {
  return editWithRules(version, { ...options, knownTypes: KNOWN_TYPES });
}

/**
 * Checks a version against the rules the web editor and the API need (edges on both nodes, branch ids of each
 * node's kind, every branch reaching an end, \`first_common_node_id\`, timestamps, a contact source) and lists
 * each problem with its node and what to do.
 */
export function validateFlow(version: unknown): FlowCheck {
  return validateWithRules(version, { knownTypes: KNOWN_TYPES });
}

export interface SaveVersionOptions extends CallOptions {
  /** Send the version without checking it with {@link validateFlow} first (default false). */
  skipValidation?: boolean | undefined;
}

/**
 * Saves a new version of an automation (\`automationVersions.create\`) after checking it with {@link validateFlow}: a
 * version with errors is not sent, and a FlowValidationError lists them. \`{ skipValidation: true }\` sends it as
 * it is.
 */
export async function saveVersion(
  client: { automationVersions: AutomationVersions },
  params: CreateAutomationVersionParams,
  options: SaveVersionOptions = {},
): Promise<void> {
  const { skipValidation, ...callOptions } = options;
  if (!skipValidation) assertValidFlow(params, { knownTypes: KNOWN_TYPES });
  await client.automationVersions.create(params, callOptions);
}
${steps.map(stepFactory).join("")}`;
  return [{ path: "src/flow.ts", contents: withHeader(text) }];
}

/** Words of `text` in lines of at most `width` characters (a longer word gets a line of its own). */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const last = lines.length - 1;
    if (last >= 0 && (lines[last] as string).length + 1 + word.length <= width) lines[last] += ` ${word}`;
    else lines.push(word);
  }
  return lines;
}

/** The payload type and the step factory of one node type. */
function stepFactory(node: FlowNodeTypeModel): string {
  const payloadType = `${node.schemaName.replace(/Node$/, "")}Payload`;
  const docs = wrap(docText(node.description || `A \`${node.type}\` step.`), 116).join("\n * ");
  const alias = `export type ${payloadType} = NonNullable<components["schemas"]["${node.schemaName}"]["payload"]>;`;
  const returnType = `FlowStep<${JSON.stringify(node.type)}, ${payloadType}>`;
  const parameters = node.emptyPayload ? "options?: StepOptions" : `payload: ${payloadType}, options?: StepOptions`;
  const signature = `export function ${node.factoryName}(${parameters}): ${returnType} {`;
  const onLines = `export function ${node.factoryName}(\n  ${parameters.replace(", ", ",\n  ")},\n): ${returnType} {`;
  const wrapped = signature.length <= 120 ? signature : onLines;
  return `
/** The \`payload\` of a \`${node.type}\` step. */
${alias.length <= 120 ? alias : alias.replace(" = ", " =\n  ")}

/**
 * ${docs}
 */
${wrapped}
  return step(${JSON.stringify(node.type)}, ${node.emptyPayload ? "[]" : "payload"}, options);
}
`;
}
