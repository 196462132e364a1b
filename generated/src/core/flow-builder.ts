// Building and editing automation graphs so that they pass `validateFlow` by construction: every edge is written on
// both of its nodes, branch ids come from the node's kind, open branches end in one shared `end` node, and
// `first_common_node_id` is computed, never typed in.
import {
  assertValidFlow,
  BRANCH_NAMES,
  branchPayloadProblems,
  END_TYPE,
  expectedBranchIds,
  firstCommonNodeId,
  FlowValidationError,
  LINEAR_BRANCH,
  type BranchingNodeType,
  type FixedBranchType,
  type FlowContactSourceData,
  type FlowEdge,
  type FlowNodeData,
  type NodePayload,
} from "./flow.js";

/** One step to add: the node's type and settings. The package's step factories (`sendEmail(…)`, …) make these. */
export interface FlowStep<Type extends string = string, Payload extends NodePayload = NodePayload> {
  readonly type: Type;
  readonly payload: Payload;
  /** Seconds to wait after the previous step before this one runs (`delay_in_seconds`); 0 when omitted. */
  readonly delay?: number | undefined;
  /** Further node fields, written as they are. */
  readonly fields?: Readonly<Record<string, unknown>> | undefined;
}

export interface StepOptions {
  /** Seconds to wait after the previous step: `days(2)`, `hours(4)`. */
  delay?: number | undefined;
  /** Further node fields, written as they are. */
  fields?: Record<string, unknown> | undefined;
}

/** A step of any type, including one this package does not know yet. */
export function step<Type extends string, Payload extends NodePayload>(
  type: Type,
  payload: Payload,
  options: StepOptions = {},
): FlowStep<Type, Payload> {
  const { delay, fields } = options;
  return { type, payload, ...(delay !== undefined && { delay }), ...(fields && { fields: { ...fields } }) };
}

export const minutes = (count: number): number => count * 60;
export const hours = (count: number): number => count * 3_600;
export const days = (count: number): number => count * 86_400;

/** A node as the builder writes it: the fields the rules read, then whatever else the node has. */
export type BuiltNode = FlowNodeData & Record<string, unknown>;
type DefaultSource = FlowContactSourceData & Record<string, unknown>;

/** What `build()` returns: the body of `automationVersions.create`, without `flowUuid`. */
export interface BuiltFlow<Source extends FlowContactSourceData = DefaultSource> {
  nodes: BuiltNode[];
  contact_sources: Source[];
  first_common_node_id: number | null;
  [field: string]: unknown;
}

export interface FlowOptions {
  /** The node types whose rules are known (the package passes the spec's list); see `validateFlow`. */
  knownTypes?: readonly string[] | undefined;
  /** The time written on new and changed nodes (default: now). */
  now?: Date | undefined;
}

export interface BuildOptions<Source extends FlowContactSourceData> {
  /**
   * Who enters the automation. Default: one source with `senderProfiles` (none unless given), shaped as the API
   * creates one for a new automation. A source without `after_id` enters at the first step.
   */
  contactSources?: Source[] | undefined;
  senderProfiles?: string[] | undefined;
}

/** The keys of a branching step's arms: `a`/`b`, `match`/`otherwise`, `found`/`notFound`, or branch ids. */
export type BranchKey<Type extends string> = Type extends FixedBranchType ? keyof (typeof BRANCH_NAMES)[Type] : number;
/** What happens on one branch: add steps to the chain it is given and return the result (or `.end()` it). */
export type Arm = (chain: FlowChain) => FlowChain | EndedFlow;
export type Arms<Type extends string> = { [Key in BranchKey<Type>]?: Arm };
type ArmResult<A> = { [Key in keyof A]-?: A[Key] extends (chain: FlowChain) => infer Result ? Result : never }[keyof A];
/** The chain goes on after a branching step when at least one arm left its branch open. */
export type AfterBranch<A> = FlowChain extends ArmResult<A> ? FlowChain : EndedFlow;
/** Refuses, at compile time, a step that needs `.branch()` or `.end()` instead of `.then()`. */
export type LinearStep<Type extends string> = Type extends BranchingNodeType | typeof END_TYPE
  ? { readonly "this step branches: add it with .branch(), or finish with .end()": never }
  : unknown;

export interface AbTestOptions extends StepOptions {
  /** Arm a's and arm b's shares of the contacts, in percent (default 50/50); they add up to 100. */
  split?: [number, number] | undefined;
}

/** The condition of a CRM-condition step, in the forms the web editor keeps. */
export interface FilterConditions {
  json_logic?: Record<string, unknown> | null | undefined;
  filter_tree_format?: Record<string, unknown> | null | undefined;
  mass_actions_filter?: Record<string, unknown> | null | undefined;
}

/** An open end of the graph: node `nodeId`, leaving by branch `branch`. */
interface Tail {
  nodeId: number;
  branch: number;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** The graph under construction, shared by every chain of one automation. */
class FlowGraph {
  readonly nodes = new Map<number, BuiltNode>();
  readonly knownTypes: readonly string[] | undefined;
  readonly timestamp: string;
  /** Nodes added or changed: `build()` sets their `updated_at`. */
  readonly touched = new Set<number>();
  #endId: number | undefined;

  constructor(options: FlowOptions, nodes: BuiltNode[] = []) {
    this.knownTypes = options.knownTypes;
    this.timestamp = (options.now ?? new Date()).toISOString();
    for (const node of nodes) this.nodes.set(node.id, node);
    this.#endId = nodes.find((node) => node.type === END_TYPE)?.id;
  }

  #nextId(): number {
    let id = 2;
    for (const existing of this.nodes.keys()) id = Math.max(id, existing + 1);
    return id;
  }

  #create(id: number, type: string, payload: NodePayload, delay: number, fields: Record<string, unknown> = {}): void {
    const stamp = this.timestamp;
    const node = { id, type, automation: "auto", before: [], after: [], payload, delay_in_seconds: delay };
    this.nodes.set(id, { ...node, created_at: stamp, updated_at: stamp, ...fields });
    this.touched.add(id);
  }

  /** Adds a node for `next`, with no edges yet, and returns its id. */
  add(next: FlowStep): number {
    const id = this.#nextId();
    const { id: _id, type: _type, before: _before, after: _after, ...fields } = next.fields ?? {};
    this.#create(id, next.type, next.payload ?? [], next.delay ?? 0, fields);
    return id;
  }

  /** The one `end` node every open branch goes to: id 1 by convention when it is free. */
  end(): number {
    if (this.#endId === undefined) {
      this.#endId = this.nodes.has(1) ? this.#nextId() : 1;
      this.#create(this.#endId, END_TYPE, [], 0);
    }
    return this.#endId;
  }

  node(id: number): BuiltNode {
    const node = this.nodes.get(id);
    if (!node) throw new Error(`The automation has no node ${id}.`);
    return node;
  }

  connect(from: Tail, to: number): void {
    const source = this.node(from.nodeId);
    const target = this.node(to);
    source.after = [...source.after, { node_id: to, branch_id: from.branch }];
    target.before = [...target.before, { node_id: from.nodeId, branch_id: from.branch }];
    this.touched.add(from.nodeId).add(to);
  }

  disconnect(from: number, branch: number, to: number): void {
    const source = this.node(from);
    const target = this.node(to);
    source.after = source.after.filter((edge) => !(edge.node_id === to && edge.branch_id === branch));
    target.before = target.before.filter((edge) => !(edge.node_id === from && edge.branch_id === branch));
    this.touched.add(from).add(to);
  }

  /** The branch ids a node of this step leaves by; undefined for a type whose rules are not known. */
  branchIds(next: FlowStep): number[] | undefined {
    return expectedBranchIds(next, this.knownTypes);
  }

  /** Whether `next` has exactly one way out, branch 1 (a plain step). */
  isLinear(next: FlowStep): boolean {
    const ids = this.branchIds(next);
    return next.type !== END_TYPE && (ids === undefined || (ids.length === 1 && ids[0] === LINEAR_BRANCH));
  }

  /**
   * The version: nodes (end last), contact sources and the computed `first_common_node_id`; `keptCommonNode` is
   * used when none can be computed (branches that finish in different end nodes, as read from the API).
   */
  build<Source extends FlowContactSourceData>(
    sources: Source[],
    extra = {},
    keptCommonNode: number | null = null,
  ): BuiltFlow<Source> {
    const isEnd = (node: BuiltNode) => Number(node.type === END_TYPE);
    const endLast = (a: BuiltNode, b: BuiltNode) => isEnd(a) - isEnd(b) || a.id - b.id;
    const nodes = [...this.nodes.values()]
      .sort(endLast)
      .map((node) => (this.touched.has(node.id) ? { ...node, updated_at: this.timestamp } : node));
    const computed = firstCommonNodeId(nodes);
    const common = computed === undefined ? keptCommonNode : computed;
    const built: BuiltFlow<Source> = { ...extra, nodes, contact_sources: sources, first_common_node_id: common };
    assertValidFlow(built, { knownTypes: this.knownTypes });
    return built;
  }
}

// Chains and ended flows are made only in this module (their constructors are private); the classes' static blocks
// set these.
let newChain: (graph: FlowGraph, tails: Tail[]) => FlowChain;
let openTails: (graph: FlowGraph, result: unknown) => Tail[];
let newEnded: (graph: FlowGraph) => EndedFlow;
let graphOf: (ended: EndedFlow) => FlowGraph;

/** A place in the graph where the next step goes: after the last step, or after every branch still open. */
export class FlowChain {
  readonly #graph: FlowGraph;
  readonly #tails: Tail[];
  #continued = false;

  static {
    newChain = (graph, tails) => new FlowChain(graph, tails);
    openTails = (graph, result) => {
      if (result instanceof EndedFlow && graphOf(result) === graph) return [];
      if (result instanceof FlowChain && result.#graph === graph) return result.#take("then");
      throw new Error("A branch's function must return the chain it was given, or what that chain's calls returned.");
    };
  }

  private constructor(graph: FlowGraph, tails: Tail[]) {
    this.#graph = graph;
    this.#tails = tails;
  }

  #take(method: string): Tail[] {
    if (this.#continued) {
      throw new Error(`This chain was already continued: call ${method}() on the chain the last call returned.`);
    }
    this.#continued = true;
    return this.#tails;
  }

  /** Adds a plain step here; after a branching step, every open branch leads to it (they meet there). */
  then<Type extends string>(next: FlowStep<Type> & LinearStep<Type>): FlowChain {
    if (next.type === END_TYPE) throw new Error("Finish a branch with .end().");
    if (!this.#graph.isLinear(next)) throw new Error(`A ${next.type} step branches: add it with .branch().`);
    const tails = this.#take("then");
    const id = this.#graph.add(next);
    for (const tail of tails) this.#graph.connect(tail, id);
    return newChain(this.#graph, [{ nodeId: id, branch: LINEAR_BRANCH }]);
  }

  /**
   * Adds a step with several branches and what happens on each: `{ a: (arm) => arm.then(…), b: … }` for an A/B
   * test, `match`/`otherwise` for a CRM condition, `found`/`notFound` for an email search, branch ids for triggers
   * and routers. A branch left out goes straight to the end; an arm that returns its chain open goes on after the
   * branching step, where the open branches meet at the next `.then()`.
   */
  branch<Type extends string, A extends Arms<Type>>(next: FlowStep<Type>, arms: A): AfterBranch<A> {
    const ids = this.#graph.branchIds(next);
    const payloadProblems = branchPayloadProblems({ id: 0, ...next });
    if (payloadProblems.length > 0) throw new FlowValidationError(payloadProblems);
    if (ids !== undefined && ids.length < 2) throw new Error(`A ${next.type} step does not branch: use .then().`);
    if (ids === undefined && Object.keys(arms).length === 0) {
      throw new Error(`The ${next.type} step is not known to this package: give an arm for each of its branch ids.`);
    }
    const names: Record<string, number> = Object.prototype.hasOwnProperty.call(BRANCH_NAMES, next.type)
      ? { ...BRANCH_NAMES[next.type as FixedBranchType] }
      : Object.fromEntries((ids ?? Object.keys(arms).map(Number)).map((id) => [String(id), id]));
    const unknown = Object.keys(arms).find((key) => !(key in names));
    if (unknown !== undefined) {
      const known = Object.keys(names).join(", ");
      throw new Error(`A ${next.type} step has no branch "${unknown}"; its branches are ${known}.`);
    }
    const tails = this.#take("branch");
    const id = this.#graph.add(next);
    for (const tail of tails) this.#graph.connect(tail, id);
    const open: Tail[] = [];
    for (const [key, branch] of Object.entries(names)) {
      const arm = (arms as Record<string, Arm | undefined>)[key];
      const start = newChain(this.#graph, [{ nodeId: id, branch }]);
      if (arm) open.push(...openTails(this.#graph, arm(start)));
      else start.end();
    }
    return (open.length > 0 ? newChain(this.#graph, open) : newEnded(this.#graph)) as AfterBranch<A>;
  }

  /** An A/B test: `split` gives arm a's and arm b's shares in percent (default 50/50). */
  abTest<A extends Arms<"rule_ab_test">>(arms: A, options: AbTestOptions = {}): AfterBranch<A> {
    const { split: [a, b] = [50, 50], ...stepOptions } = options;
    const branches = [
      { branch_id: 1, value: a, is_enabled: true },
      { branch_id: 2, value: b, is_enabled: true },
    ];
    return this.branch(step("rule_ab_test", { branches }, stepOptions), arms);
  }

  /** A CRM condition: contacts that match `conditions` take `match`, the others `otherwise`. */
  filter<A extends Arms<"rule_filter">>(conditions: FilterConditions, arms: A, options?: StepOptions): AfterBranch<A> {
    const branches = [{ branch_id: 1, filters: conditions }, { branch_id: 0 }];
    return this.branch(step("rule_filter", { branches }, options), arms);
  }

  /** Leads every open branch here to the automation's `end` node. */
  end(): EndedFlow {
    const tails = this.#take("end");
    const endId = this.#graph.end();
    for (const tail of tails) this.#graph.connect(tail, endId);
    return newEnded(this.#graph);
  }

  /** Ends the open branches and returns the version to save (see `EndedFlow.build`). */
  build<Source extends FlowContactSourceData = DefaultSource>(options: BuildOptions<Source> = {}): BuiltFlow<Source> {
    return this.end().build(options);
  }
}

/** An automation whose every branch has reached the end: only `build()` is left. */
export class EndedFlow {
  readonly #graph: FlowGraph;

  static {
    newEnded = (graph) => new EndedFlow(graph);
    graphOf = (ended) => ended.#graph;
  }

  private constructor(graph: FlowGraph) {
    this.#graph = graph;
  }

  /**
   * The version to save: nodes with both sides of every edge, contact sources, and `first_common_node_id`. It
   * passes `validateFlow`; if it did not, this throws a FlowValidationError naming the rule.
   */
  build<Source extends FlowContactSourceData = DefaultSource>(options: BuildOptions<Source> = {}): BuiltFlow<Source> {
    const entry = [...this.#graph.nodes.values()].find((node) => node.before.length === 0 && node.type !== END_TYPE);
    if (!entry) throw new Error("The automation has no step: start it with flow().start(step).");
    const sources = options.contactSources
      ? options.contactSources.map((source) => ({ ...source, after_id: source.after_id ?? entry.id }))
      : [defaultContactSource(entry.id, options.senderProfiles ?? []) as Source];
    return this.#graph.build(sources);
  }
}

/** One contact source shaped as the API creates it for a new automation. */
function defaultContactSource(entryId: number, senderProfiles: string[]): DefaultSource {
  return {
    id: 1,
    name: null,
    rotation_strategy: "fair",
    sender_profiles: senderProfiles,
    after_id: entryId,
    mass_actions_filter: null,
    filter_tree_format: null,
  };
}

/** The start of a new automation. */
export class FlowStart {
  readonly #options: FlowOptions;

  constructor(options: FlowOptions = {}) {
    this.#options = options;
  }

  /** The entry step: contacts enter the automation here. */
  start<Type extends string>(first: FlowStep<Type> & LinearStep<Type>): FlowChain {
    const graph = new FlowGraph(this.#options);
    if (!graph.isLinear(first)) throw new Error(`A ${first.type} step branches: start with .startWithBranch().`);
    return newChain(graph, [{ nodeId: graph.add(first), branch: LINEAR_BRANCH }]);
  }

  /** Starts with a branching step: the automation splits at once. */
  startWithBranch<Type extends string, A extends Arms<Type>>(first: FlowStep<Type>, arms: A): AfterBranch<A> {
    return newChain(new FlowGraph(this.#options), []).branch(first, arms);
  }
}

/** A new automation: `flow().start(visitProfile()).then(sendConnectionRequest({ template })).build()`. */
export function flow(options: FlowOptions = {}): FlowStart {
  return new FlowStart(options);
}

/** A version as `automationVersions.get` answers it (or any object with `nodes` and `contact_sources`). */
export interface EditableVersion<Source extends FlowContactSourceData> {
  nodes?: readonly unknown[] | undefined;
  contact_sources?: readonly Source[] | undefined;
}

/**
 * Changes to a version read from the API. Nodes, contact sources and fields the editor does not know are kept as
 * they came; new and changed nodes get the current time as `updated_at`; `build()` recomputes
 * `first_common_node_id` and leaves out only the version's own `uuid`, `flow_uuid` and `created_at`.
 */
export class FlowEditor<Source extends FlowContactSourceData = DefaultSource> {
  readonly #graph: FlowGraph;
  readonly #sources: Source[];
  readonly #extra: Record<string, unknown>;
  readonly #commonNode: number | null;

  constructor(version: EditableVersion<Source>, options: FlowOptions = {}) {
    const copy = structuredClone(version) as Record<string, unknown>;
    const { nodes, contact_sources: sources, first_common_node_id: common, uuid: _uuid, ...rest } = copy;
    const { flow_uuid: _flow, created_at: _created, ...extra } = rest;
    const edges = (list: unknown) => (Array.isArray(list) ? (list as FlowEdge[]) : []);
    const list = (Array.isArray(nodes) ? nodes : []).filter(isRecord);
    const read = list.map((node) => ({ ...node, before: edges(node.before), after: edges(node.after) }) as BuiltNode);
    this.#graph = new FlowGraph(options, read);
    this.#sources = (Array.isArray(sources) ? sources : []) as Source[];
    this.#extra = extra;
    this.#commonNode = typeof common === "number" ? common : null;
  }

  /** A copy of one node. */
  node(id: number): BuiltNode {
    return structuredClone(this.#graph.node(id));
  }

  /** Changes a node's fields (payload, delay, …) through `change`; its id, type and edges stay as they are. */
  update(id: number, change: (node: BuiltNode) => BuiltNode): this {
    const current = this.#graph.node(id);
    const changed = change(structuredClone(current));
    this.#graph.nodes.set(id, { ...changed, id, type: current.type, before: current.before, after: current.after });
    this.#graph.touched.add(id);
    return this;
  }

  /** Puts a plain step right after node `id`, on its branch `branch` (needed only when the node branches). */
  insertAfter<Type extends string>(id: number, next: FlowStep<Type> & LinearStep<Type>, on: { branch?: number } = {}) {
    const node = this.#graph.node(id);
    if (node.type === END_TYPE) throw new Error(`Node ${id} is the end: insert before it instead.`);
    this.#assertLinear(next);
    const branch = on.branch ?? (node.after.length === 1 ? node.after[0]?.branch_id : undefined);
    if (branch === undefined) throw new Error(`Node ${id} has several branches: say which one in { branch }.`);
    const edge = node.after.find((candidate) => candidate.branch_id === branch);
    const inserted = this.#graph.add(next);
    if (edge) this.#graph.disconnect(id, branch, edge.node_id);
    this.#graph.connect({ nodeId: id, branch }, inserted);
    this.#graph.connect({ nodeId: inserted, branch: LINEAR_BRANCH }, edge ? edge.node_id : this.#graph.end());
    return this;
  }

  /** Puts a plain step right before node `id`: every edge into it now enters the new step, which leads on to it. */
  insertBefore<Type extends string>(id: number, next: FlowStep<Type> & LinearStep<Type>): this {
    const node = this.#graph.node(id);
    this.#assertLinear(next);
    const inserted = this.#graph.add(next);
    for (const edge of [...node.before]) {
      this.#graph.disconnect(edge.node_id, edge.branch_id, id);
      this.#graph.connect({ nodeId: edge.node_id, branch: edge.branch_id }, inserted);
    }
    this.#graph.connect({ nodeId: inserted, branch: LINEAR_BRANCH }, id);
    for (const source of this.#sources) if (source.after_id === id) source.after_id = inserted;
    return this;
  }

  /** Removes a plain step: what led into it now leads to the step after it. */
  remove(id: number): this {
    const node = this.#graph.node(id);
    const out = node.after.length === 1 ? node.after[0] : undefined;
    if (node.type === END_TYPE || out === undefined) {
      const what = node.type === END_TYPE ? "the end" : "a branching step";
      throw new Error(`Node ${id} is ${what}: only a plain step can be removed.`);
    }
    for (const edge of [...node.before]) {
      this.#graph.disconnect(edge.node_id, edge.branch_id, id);
      this.#graph.connect({ nodeId: edge.node_id, branch: edge.branch_id }, out.node_id);
    }
    this.#graph.disconnect(id, out.branch_id, out.node_id);
    this.#graph.nodes.delete(id);
    this.#graph.touched.delete(id);
    for (const source of this.#sources) if (source.after_id === id) source.after_id = out.node_id;
    return this;
  }

  /** The edited version, ready to save; throws a FlowValidationError when it breaks a rule. */
  build(): BuiltFlow<Source> {
    return this.#graph.build(this.#sources, this.#extra, this.#commonNode);
  }

  #assertLinear(next: FlowStep): void {
    if (!this.#graph.isLinear(next)) throw new Error(`Only a plain step can be inserted; ${next.type} branches.`);
  }
}

/** Starts editing a version read from the API (`automationVersions.get`). */
export function editFlow<Source extends FlowContactSourceData>(
  version: EditableVersion<Source>,
  options: FlowOptions = {},
): FlowEditor<Source> {
  return new FlowEditor<Source>(version, options);
}
