// Automation (flow) graphs: the rules a version must follow beyond its schema, and `validateFlow`, which checks
// them. The API saves graphs that break these rules; the web editor then cannot open them, or a node fails at
// run time (`validate-node` answers 500 for a node without `before`/`after`).

/** An edge as both of its nodes hold it: `after` on the source, `before` on the target, with the same branch id. */
export interface FlowEdge {
  node_id: number;
  branch_id: number;
}

/** A node's settings: an object shaped by its type, or an empty array for a step without settings. */
export type NodePayload = Record<string, unknown> | unknown[];

/** The fields of a node the rules read; every other field is kept as it is. */
export interface FlowNodeData {
  id: number;
  type: string;
  before: FlowEdge[];
  after: FlowEdge[];
  automation?: string | undefined;
  payload?: NodePayload | undefined;
  delay_in_seconds?: number | undefined;
  created_at?: string | undefined;
  updated_at?: string | undefined;
}

/** The fields of a contact source the rules read. */
export interface FlowContactSourceData {
  id?: number | undefined;
  after_id?: number | null | undefined;
}

/** A version as saved or read back: nodes, contact sources and the node where branches meet again. */
export interface FlowVersionData<
  Node extends FlowNodeData = FlowNodeData,
  Source extends FlowContactSourceData = FlowContactSourceData,
> {
  nodes: Node[];
  contact_sources: Source[];
  first_common_node_id?: number | null | undefined;
}

export type FlowProblemCode =
  | "no-nodes"
  | "node-shape"
  | "duplicate-id"
  | "missing-edge-list"
  | "edge-shape"
  | "unknown-target"
  | "asymmetric-edge"
  | "duplicate-branch"
  | "branch-id"
  | "missing-branch"
  | "branch-payload"
  | "end-continues"
  | "dead-end"
  | "no-end"
  | "cycle"
  | "orphan"
  | "contact-source"
  | "first-common-node"
  | "automation-field"
  | "delay"
  | "timestamps"
  | "unknown-type"
  | "several-ends";

/** One thing wrong with a version (`error`: the editor or the API will fail) or worth changing (`suggestion`). */
export interface FlowProblem {
  code: FlowProblemCode;
  severity: "error" | "suggestion";
  /** The node it is about; absent for problems of the whole version. */
  nodeId?: number;
  /** What is wrong and what to do about it. */
  message: string;
}

export interface FlowCheck {
  /** No problem of severity `error`. */
  valid: boolean;
  problems: FlowProblem[];
}

export interface ValidateFlowOptions {
  /**
   * The node types whose branch rules are known (the spec's `AutomationNodeType`). A node of another type is
   * read as a newer type: its edges are still checked, its branch ids are not. Without the list every type not
   * listed in BRANCH_NAMES counts as a plain step.
   */
  knownTypes?: readonly string[] | undefined;
}

/**
 * Thrown by `assertValidFlow` (and `automationVersions.create`) when a version has errors; `problems` lists all of
 * them.
 */
export class FlowValidationError extends Error {
  override name = "FlowValidationError";
  readonly problems: FlowProblem[];

  constructor(problems: FlowProblem[]) {
    const errors = problems.filter((problem) => problem.severity === "error");
    const shown = errors.slice(0, 5).map((problem) => `- ${problem.message}`);
    const more = errors.length > shown.length ? [`- … and ${errors.length - shown.length} more`] : [];
    super([`The automation version has ${errors.length} problem(s):`, ...shown, ...more].join("\n"));
    this.problems = problems;
  }
}

/**
 * The branches of the node types that have more than one, by name, as the public reference gives them: an A/B
 * test's arms are 1 and 2, a CRM-condition rule's match branch 1 and else branch 0, an email search's found
 * branch 2 and not-found branch 1. Triggers use 1 and 2; the reference does not say which outcome is which.
 */
export const BRANCH_NAMES = {
  rule_ab_test: { a: 1, b: 2 },
  rule_filter: { match: 1, otherwise: 0 },
  email_search_waterflow: { found: 2, notFound: 1 },
  trigger_message_replied: { 1: 1, 2: 2 },
  trigger_linkedin_connection_request_accepted: { 1: 1, 2: 2 },
  trigger_email_opened: { 1: 1, 2: 2 },
  trigger_link_clicked: { 1: 1, 2: 2 },
  trigger_website_page_visited: { 1: 1, 2: 2 },
} as const;

/** Node types whose branches are listed in `payload.branches` (ids chosen by whoever builds the node). */
export const PAYLOAD_BRANCH_TYPES = ["rule_manual_router", "ai_rule_filter"] as const;

export type FixedBranchType = keyof typeof BRANCH_NAMES;
export type PayloadBranchType = (typeof PAYLOAD_BRANCH_TYPES)[number];
/** Every node type with more than one way out. */
export type BranchingNodeType = FixedBranchType | PayloadBranchType;

/** The branch every plain step continues on. */
export const LINEAR_BRANCH = 1;
export const END_TYPE = "end";

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const has = <K extends string>(table: Record<K, unknown>, key: string): key is K =>
  Object.prototype.hasOwnProperty.call(table, key);

/** The ids of a payload's `branches` (manual routers, AI rules, A/B tests, CRM conditions). */
export function payloadBranchIds(payload: unknown): number[] | undefined {
  if (!isRecord(payload) || !Array.isArray(payload.branches)) return undefined;
  const ids = payload.branches.map((branch) => (isRecord(branch) ? branch.branch_id : undefined));
  return ids.filter((id): id is number => Number.isInteger(id));
}

const isPayloadBranchType = (type: string) => (PAYLOAD_BRANCH_TYPES as readonly string[]).includes(type);

/**
 * The branch ids a node of this type must leave by, one edge each; undefined for a type whose rules are not known
 * (then any ids pass). Plain steps leave by branch 1, `end` by none.
 */
export function expectedBranchIds(
  node: { type: string; payload?: unknown },
  knownTypes?: readonly string[],
): number[] | undefined {
  if (node.type === END_TYPE) return [];
  if (has(BRANCH_NAMES, node.type)) return Object.values<number>(BRANCH_NAMES[node.type]);
  if (isPayloadBranchType(node.type)) return payloadBranchIds(node.payload) ?? [];
  if (knownTypes && !knownTypes.includes(node.type)) return undefined;
  return [LINEAR_BRANCH];
}

type Severity = FlowProblem["severity"];
type Nodes = Map<number, FlowNodeData>;
type Report = (code: FlowProblemCode, nodeId: number | undefined, message: string, severity?: Severity) => void;

const edgeText = (from: number, to: number, branch: number) => `${from} → ${to} (branch ${branch})`;
const edgeLiteral = (nodeId: number, branch: number) => `{ node_id: ${nodeId}, branch_id: ${branch} }`;

/** Checks a version against every rule the editor and the API need, and lists each problem with what to do. */
export function validateFlow(version: unknown, options: ValidateFlowOptions = {}): FlowCheck {
  const problems: FlowProblem[] = [];
  const report: Report = (code, nodeId, message, severity = "error") =>
    problems.push({ code, severity, ...(nodeId !== undefined && { nodeId }), message });
  const done = (): FlowCheck => ({ valid: !problems.some((p) => p.severity === "error"), problems });

  if (!isRecord(version) || !Array.isArray(version.nodes) || version.nodes.length === 0) {
    report("no-nodes", undefined, "The version has no nodes: add at least one step and an `end` node.");
    return done();
  }
  const nodes: Nodes = new Map();
  for (const [index, raw] of version.nodes.entries()) {
    if (!isRecord(raw) || !Number.isInteger(raw.id) || typeof raw.type !== "string") {
      const message = `Node #${index + 1} in \`nodes\` needs an integer \`id\` (not a string) and a string \`type\`.`;
      report("node-shape", undefined, message);
      continue;
    }
    const node = raw as unknown as FlowNodeData;
    if (nodes.has(node.id)) {
      report("duplicate-id", node.id, `Two nodes have id ${node.id}: give each node its own id.`);
      continue;
    }
    nodes.set(node.id, node);
  }
  for (const node of nodes.values()) checkNode(node, nodes, options, report);
  checkContactSources(version.contact_sources, nodes, report);
  checkGraph(version, nodes, report);
  return done();
}

/** Throws a FlowValidationError listing every problem when the version has errors; returns the suggestions. */
export function assertValidFlow(version: unknown, options: ValidateFlowOptions = {}): FlowProblem[] {
  const check = validateFlow(version, options);
  if (!check.valid) throw new FlowValidationError(check.problems);
  return check.problems;
}

function edgeList(node: FlowNodeData, side: "before" | "after", report: Report): FlowEdge[] {
  const list: unknown = node[side];
  if (!Array.isArray(list)) {
    const message =
      `Node ${node.id} has no \`${side}\` list: send \`${side}: []\` when it is empty ` +
      "(without it the API fails with 500).";
    report("missing-edge-list", node.id, message);
    return [];
  }
  const edges: FlowEdge[] = [];
  for (const edge of list) {
    if (isRecord(edge) && Number.isInteger(edge.node_id) && Number.isInteger(edge.branch_id)) {
      edges.push(edge as unknown as FlowEdge);
    } else {
      const message = `Node ${node.id} has an entry in \`${side}\` that is not { node_id, branch_id } with integers.`;
      report("edge-shape", node.id, message);
    }
  }
  return edges;
}

function hasEdge(list: unknown, nodeId: number, branchId: number): boolean {
  const matches = (edge: unknown) => isRecord(edge) && edge.node_id === nodeId && edge.branch_id === branchId;
  return Array.isArray(list) && list.some(matches);
}

function checkNode(node: FlowNodeData, nodes: Nodes, options: ValidateFlowOptions, report: Report): void {
  const id = node.id;
  const after = edgeList(node, "after", report);
  const before = edgeList(node, "before", report);
  if (node.automation !== "auto") report("automation-field", id, `Node ${id} needs \`automation: "auto"\`.`);
  const delay = node.delay_in_seconds;
  if (delay !== undefined && (!Number.isInteger(delay) || delay < 0)) {
    report("delay", id, `Node ${id} has delay_in_seconds ${String(delay)}: use a whole number of seconds, 0 or more.`);
  }
  if (typeof node.created_at !== "string" || typeof node.updated_at !== "string") {
    const message = `Node ${id} needs \`created_at\` and \`updated_at\` (ISO 8601) to be saved.`;
    report("timestamps", id, message);
  }
  checkEdges(node, after, before, nodes, report);
  if (node.type === END_TYPE) {
    if (after.length > 0) report("end-continues", id, `Node ${id} is an \`end\` node but leads on: empty \`after\`.`);
    return;
  }
  checkPayloadBranches(node, report);
  checkBranches(node, after, options, report);
}

/** Each edge is written on both of its nodes, points at a node that exists, and appears once. */
function checkEdges(node: FlowNodeData, after: FlowEdge[], before: FlowEdge[], nodes: Nodes, report: Report): void {
  const id = node.id;
  for (const edge of after) {
    const target = nodes.get(edge.node_id);
    if (!target) {
      const message = `Node ${id} leads to node ${edge.node_id}, which does not exist: fix or remove that edge.`;
      report("unknown-target", id, message);
    } else if (!hasEdge(target.before, id, edge.branch_id)) {
      const message =
        `Edge ${edgeText(id, edge.node_id, edge.branch_id)} is only on node ${id}: ` +
        `add ${edgeLiteral(id, edge.branch_id)} to the \`before\` of node ${edge.node_id}.`;
      report("asymmetric-edge", id, message);
    }
  }
  for (const edge of before) {
    const source = nodes.get(edge.node_id);
    if (!source) {
      const message = `Node ${id} is entered from node ${edge.node_id}, which does not exist: remove that edge.`;
      report("unknown-target", id, message);
    } else if (!hasEdge(source.after, id, edge.branch_id)) {
      const message =
        `Edge ${edgeText(edge.node_id, id, edge.branch_id)} is only on node ${id}: ` +
        `add ${edgeLiteral(id, edge.branch_id)} to the \`after\` of node ${edge.node_id}, or remove it here.`;
      report("asymmetric-edge", id, message);
    }
  }
  const seen = new Set<string>();
  for (const edge of before) {
    const key = `${edge.node_id}:${edge.branch_id}`;
    if (seen.has(key)) {
      const message = `Node ${id} lists the edge from node ${edge.node_id} (branch ${edge.branch_id}) twice.`;
      report("duplicate-branch", id, message);
    }
    seen.add(key);
  }
  const used = after.map((edge) => edge.branch_id);
  for (const branch of new Set(used.filter((branch, index) => used.indexOf(branch) !== index))) {
    const message = `Node ${id} leaves by branch ${branch} more than once: a branch leads to exactly one node.`;
    report("duplicate-branch", id, message);
  }
}

/** A node leaves by exactly the branches of its kind: 1 for a plain step, 1 and 2 for an A/B test, and so on. */
function checkBranches(node: FlowNodeData, after: FlowEdge[], options: ValidateFlowOptions, report: Report): void {
  const id = node.id;
  const used = after.map((edge) => edge.branch_id);
  const expected = expectedBranchIds(node, options.knownTypes);
  if (expected === undefined) {
    const message = `Node ${id} has type "${node.type}", which this SDK does not know: its branch ids are not checked.`;
    report("unknown-type", id, message, "suggestion");
    if (after.length === 0) report("dead-end", id, `Node ${id} leads nowhere: each branch must reach an \`end\` node.`);
    return;
  }
  for (const branch of new Set(used)) {
    if (expected.includes(branch)) continue;
    const message =
      `Node ${id} (${node.type}) leaves by branch ${branch}, which it does not have: ` +
      `its branches are ${expected.join(" and ")}.`;
    report("branch-id", id, message);
  }
  for (const branch of expected) {
    if (used.includes(branch)) continue;
    if (expected.length === 1) {
      const message = `Node ${id} (${node.type}) leads nowhere: connect it to the next step or to an \`end\` node.`;
      report("dead-end", id, message);
    } else {
      const message =
        `Node ${id} (${node.type}) has no edge for branch ${branch}: ` +
        "connect that branch (to an `end` node if nothing should happen there).";
      report("missing-branch", id, message);
    }
  }
}

/** The problems of a branching node's `payload.branches` alone (what the builder checks before adding a step). */
export function branchPayloadProblems(node: { id: number; type: string; payload?: unknown }): FlowProblem[] {
  const problems: FlowProblem[] = [];
  checkPayloadBranches(node, (code, nodeId, message, severity = "error") => {
    problems.push({ code, severity, nodeId, message });
  });
  return problems;
}

/** The payload-level branch rules: A/B shares add up to 100, routers list distinct ids, the AI fallback is 0. */
function checkPayloadBranches(node: { id: number; type: string; payload?: unknown }, report: Report): void {
  const id = node.id;
  const label = `Node ${id} (${node.type})`;
  if (node.type !== "rule_ab_test" && node.type !== "rule_filter" && !isPayloadBranchType(node.type)) return;
  const ids = payloadBranchIds(node.payload);
  if (!ids || ids.length === 0) {
    report("branch-payload", id, `${label} needs \`payload.branches\`, one entry per branch.`);
    return;
  }
  if (new Set(ids).size !== ids.length) {
    report("branch-payload", id, `${label} lists a branch id twice in \`payload.branches\`.`);
  }
  const fixed = has(BRANCH_NAMES, node.type) ? Object.values<number>(BRANCH_NAMES[node.type]) : undefined;
  if (fixed && (ids.length !== fixed.length || !fixed.every((branch) => ids.includes(branch)))) {
    const message = `${label} must list branches ${fixed.join(" and ")} in its payload, not ${ids.join(", ")}.`;
    report("branch-payload", id, message);
  }
  const branches = (node.payload as { branches: unknown[] }).branches;
  if (node.type === "rule_ab_test") {
    const share = (branch: unknown) => (isRecord(branch) && typeof branch.value === "number" ? branch.value : 0);
    const total = branches.reduce<number>((sum, branch) => sum + share(branch), 0);
    const message = `${label} splits ${total}% of contacts: the shares must add up to 100.`;
    if (total !== 100) report("branch-payload", id, message);
  }
  if (node.type === "ai_rule_filter") {
    const fallback = branches.find((branch) => isRecord(branch) && branch.branch_id === 0);
    if (!isRecord(fallback)) report("branch-payload", id, `${label} needs a fallback branch with branch_id 0.`);
    else if (typeof fallback.description === "string" && fallback.description !== "") {
      report("branch-payload", id, `${label}: the fallback branch 0 takes no description; remove it.`);
    }
  }
}

function checkContactSources(sources: unknown, nodes: Nodes, report: Report): void {
  if (!Array.isArray(sources) || sources.length === 0) {
    const message =
      "The version has no contact source: add one whose `after_id` is the entry node " +
      "(with `sender_profiles: []` if it has no audience yet).";
    report("contact-source", undefined, message);
    return;
  }
  for (const [index, source] of sources.entries()) {
    const target = isRecord(source) ? source.after_id : undefined;
    const named = isRecord(source) && Number.isInteger(source.id);
    const label = named ? `Contact source ${String(source.id)}` : `Contact source #${index + 1}`;
    const node = Number.isInteger(target) ? nodes.get(target as number) : undefined;
    if (!node) {
      const message = `${label} enters at node ${String(target)}, which does not exist: set \`after_id\` to the entry.`;
      report("contact-source", undefined, message);
    } else if (Array.isArray(node.before) && node.before.length > 0) {
      const message = `${label} enters at node ${node.id}, which is not an entry node (it has edges coming in).`;
      report("contact-source", node.id, message, "suggestion");
    }
  }
}

/** Successors of each node along its well-formed `after` edges that point at existing nodes. */
function successors(nodes: Nodes): Map<number, number[]> {
  const next = new Map<number, number[]>();
  for (const node of nodes.values()) {
    const edges = Array.isArray(node.after) ? node.after : [];
    next.set(node.id, edges.filter((edge) => isRecord(edge) && nodes.has(edge.node_id)).map((edge) => edge.node_id));
  }
  return next;
}

/** Nodes in an order where every edge goes forward (smallest id first among ties); undefined when there is a loop. */
export function topologicalOrder(next: Map<number, number[]>): number[] | undefined {
  const incoming = new Map<number, number>([...next.keys()].map((id) => [id, 0]));
  for (const targets of next.values()) {
    for (const target of targets) incoming.set(target, (incoming.get(target) ?? 0) + 1);
  }
  const ready = [...incoming].filter(([, count]) => count === 0).map(([id]) => id);
  const order: number[] = [];
  while (ready.length > 0) {
    ready.sort((a, b) => a - b);
    const id = ready.shift() as number;
    order.push(id);
    for (const target of next.get(id) ?? []) {
      const left = (incoming.get(target) ?? 0) - 1;
      incoming.set(target, left);
      if (left === 0) ready.push(target);
    }
  }
  return order.length === next.size ? order : undefined;
}

/**
 * The node where the branches of the first branching node meet again: the first node, after it, that every path
 * from it to an end passes. Null when no node branches; undefined when the branches never meet (they finish in
 * different `end` nodes) or the graph has a loop.
 */
export function firstCommonNodeId(nodes: Nodes | readonly FlowNodeData[]): number | null | undefined {
  const byId = nodes instanceof Map ? nodes : new Map(nodes.map((node) => [node.id, node]));
  const next = successors(byId);
  const order = topologicalOrder(next);
  if (!order) return undefined;
  const split = order.find((id) => (next.get(id) ?? []).length > 1);
  if (split === undefined) return null;
  /** Whether some path from the split reaches a node with no way out without passing `avoid`. */
  const endsAvoiding = (avoid: number): boolean => {
    const seen = new Set<number>([avoid]);
    const stack = [split];
    while (stack.length > 0) {
      const id = stack.pop() as number;
      const targets = next.get(id) ?? [];
      if (id !== split && targets.length === 0) return true;
      for (const target of targets.filter((candidate) => !seen.has(candidate))) {
        seen.add(target);
        stack.push(target);
      }
    }
    return false;
  };
  return order.slice(order.indexOf(split) + 1).find((candidate) => !endsAvoiding(candidate));
}

function checkGraph(version: Record<string, unknown>, nodes: Nodes, report: Report): void {
  const ends = [...nodes.values()].filter((node) => node.type === END_TYPE);
  const noEnd = "The version has no `end` node: add one and lead every branch to it.";
  if (ends.length === 0) report("no-end", undefined, noEnd);
  if (ends.length > 1) {
    const message =
      `The version has ${ends.length} \`end\` nodes (${ends.map((node) => node.id).join(", ")}). Both forms are ` +
      "accepted; the reference's node table describes one shared end node (id 1 by convention).";
    report("several-ends", undefined, message, "suggestion");
  }
  const next = successors(nodes);
  if (!topologicalOrder(next)) {
    const loop = [...nodes.keys()].filter((id) => onLoop(id, next));
    report("cycle", loop[0], `Nodes ${loop.join(", ")} form a loop: an automation's steps must only lead forward.`);
    return;
  }
  const sources = Array.isArray(version.contact_sources) ? version.contact_sources : [];
  const entered = new Set(sources.map((source) => (isRecord(source) ? source.after_id : undefined)));
  const fed = new Set([...next.values()].flat());
  // Without any contact source that problem is reported once, not as an orphan entry node.
  for (const node of sources.length > 0 ? nodes.values() : []) {
    const incoming = Array.isArray(node.before) ? node.before.length : 0;
    if (incoming === 0 && !fed.has(node.id) && !entered.has(node.id)) {
      const message = `Node ${node.id} has no edge coming in and no contact source enters it: connect it or remove it.`;
      report("orphan", node.id, message);
    }
  }
  checkFirstCommonNode(version.first_common_node_id, nodes, report);
}

function checkFirstCommonNode(given: unknown, nodes: Nodes, report: Report): void {
  const expected = firstCommonNodeId(nodes);
  const set = given !== undefined && given !== null;
  if (set && (!Number.isInteger(given) || !nodes.has(given as number))) {
    report("first-common-node", undefined, `first_common_node_id ${String(given)} names no node of the version.`);
  } else if (expected === null) {
    const message = "No node branches, so first_common_node_id should be null.";
    if (set) report("first-common-node", undefined, message, "suggestion");
  } else if (expected === undefined) {
    if (set) return;
    const message =
      "The branches never meet again (they finish in different end nodes), but the editor needs " +
      "first_common_node_id on a graph with branches: lead them to one shared end node.";
    report("first-common-node", undefined, message);
  } else if (given !== expected) {
    const message =
      `The branches first meet again at node ${expected}: ` +
      `set first_common_node_id to ${expected} (it is ${String(given ?? null)}).`;
    report("first-common-node", expected, message);
  }
}

function onLoop(start: number, next: Map<number, number[]>): boolean {
  const seen = new Set<number>();
  const stack = [...(next.get(start) ?? [])];
  while (stack.length > 0) {
    const id = stack.pop() as number;
    if (id === start) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(next.get(id) ?? []));
  }
  return false;
}
