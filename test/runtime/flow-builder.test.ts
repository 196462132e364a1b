import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { days, editFlow, flow, step, type EndedFlow, type FlowChain, type BuiltFlow } from "../../generator/runtime/flow-builder.js";
import { validateFlow, FlowValidationError, type FlowEdge, type FlowNodeData, type NodePayload } from "../../generator/runtime/flow.js";
import { repoRoot } from "../helpers/spec-fixture.ts";

const NOW = new Date("2026-04-14T08:00:00.000Z");
const LINEAR = ["linkedin_visit_profile", "linkedin_send_connection_request", "linkedin_send_message", "email_send_message", "util_timer", "gs_add_tag"];
const BRANCHING = [
  "rule_ab_test",
  "rule_filter",
  "email_search_waterflow",
  "trigger_linkedin_connection_request_accepted",
  "rule_manual_router",
  "ai_rule_filter",
];
const KNOWN = [...LINEAR, ...BRANCHING, "end"];
const options = { knownTypes: KNOWN, now: NOW };

const message = (template: string, delay = 0) => step("linkedin_send_message", { template, attachments: [], stop_on_reply_level: "always" }, { delay });
const email = (subject: string) => step("email_send_message", { subject, template: "Hello {{first_name}}", email_field: "" });
const byId = (built: BuiltFlow) => new Map(built.nodes.map((node) => [node.id, node]));
const check = (built: unknown) => validateFlow(built, { knownTypes: KNOWN });

describe("flow()", () => {
  it("builds a linear automation: entry id 2, one end node with id 1, both sides of every edge", () => {
    const built = flow(options)
      .start(step("linkedin_visit_profile", []))
      .then(step("linkedin_send_connection_request", { template: "Hi {{first_name}}", fallback_send: true }, { delay: days(1) }))
      .then(message("Thanks for connecting"))
      .build({ senderProfiles: ["5e2b7c90-4a1d-4f36-8b0e-2d9c6f1a7e43"] });
    expect(built.nodes.map((n) => [n.id, n.type, n.before, n.after])).toEqual([
      [2, "linkedin_visit_profile", [], [{ node_id: 3, branch_id: 1 }]],
      [3, "linkedin_send_connection_request", [{ node_id: 2, branch_id: 1 }], [{ node_id: 4, branch_id: 1 }]],
      [4, "linkedin_send_message", [{ node_id: 3, branch_id: 1 }], [{ node_id: 1, branch_id: 1 }]],
      [1, "end", [{ node_id: 4, branch_id: 1 }], []],
    ]);
    expect(byId(built).get(3)).toMatchObject({ automation: "auto", delay_in_seconds: 86_400, created_at: NOW.toISOString(), updated_at: NOW.toISOString() });
    expect(built.first_common_node_id).toBeNull();
    expect(built.contact_sources).toEqual([
      { id: 1, name: null, rotation_strategy: "fair", sender_profiles: ["5e2b7c90-4a1d-4f36-8b0e-2d9c6f1a7e43"], after_id: 2, mass_actions_filter: null, filter_tree_format: null },
    ]);
    expect(check(built)).toEqual({ valid: true, problems: [] });
  });

  it("builds the README's automation: A/B test, a condition, branches meeting again, an email with a fallback", () => {
    const built = flow(options)
      .start(step("linkedin_send_connection_request", { template: "Hi {{first_name}}" }))
      .abTest({ a: (arm) => arm.then(message("Short follow-up")), b: (arm) => arm.then(message("Long follow-up")) }, { split: [70, 30] })
      .filter({ mass_actions_filter: { work_email: "is_not_null" } }, {
        match: (arm) => arm.then(email("Following up")),
        otherwise: (arm) =>
          arm.branch(step("email_search_waterflow", { waterflow_sequence: [{ provider: "hunter" }], accept_catch_all: false }), {
            found: (found) => found.then(email("Found you")),
            notFound: (missing) => missing.then(message("Could not find your email")),
          }),
      })
      .then(step("gs_add_tag", { tag_uuid: "0e6a9c38-5d2f-4b71-8a04-c3f7e1b9d526" }))
      .build();
    const nodes = byId(built);
    const ab = built.nodes.find((n) => n.type === "rule_ab_test")!;
    expect(ab.payload).toEqual({ branches: [{ branch_id: 1, value: 70, is_enabled: true }, { branch_id: 2, value: 30, is_enabled: true }] });
    expect(ab.after.map((e) => e.branch_id)).toEqual([1, 2]);
    const condition = built.nodes.find((n) => n.type === "rule_filter")!;
    expect(condition.before.map((e) => nodes.get(e.node_id)!.type)).toEqual(["linkedin_send_message", "linkedin_send_message"]);
    expect(condition.after.map((e) => e.branch_id)).toEqual([1, 0]);
    expect(built.first_common_node_id).toBe(condition.id);
    const search = built.nodes.find((n) => n.type === "email_search_waterflow")!;
    expect(search.after.map((e) => [e.branch_id, nodes.get(e.node_id)!.type])).toEqual([[2, "email_send_message"], [1, "linkedin_send_message"]]);
    const tag = built.nodes.find((n) => n.type === "gs_add_tag")!;
    expect(tag.before).toHaveLength(3);
    expect(built.nodes.filter((n) => n.type === "end")).toHaveLength(1);
    expect(check(built)).toEqual({ valid: true, problems: [] });
  });

  it("sends a branch left out straight to the end, and continues a branch whose arm adds nothing", () => {
    const built = flow(options)
      .start(step("linkedin_visit_profile", []))
      .filter({ mass_actions_filter: null }, { match: (arm) => arm })
      .then(message("Only for matches"))
      .build();
    const condition = built.nodes.find((n) => n.type === "rule_filter")!;
    const nodes = byId(built);
    const branches = condition.after.map((e) => [e.branch_id, nodes.get(e.node_id)!.type]);
    expect(branches.sort()).toEqual([[0, "end"], [1, "linkedin_send_message"]]);
    expect(check(built).valid).toBe(true);
  });

  it("refuses what would break a rule, at the call that would break it", () => {
    const start = () => flow(options).start(step("linkedin_visit_profile", []));
    expect(() => start().then(step("rule_filter", {}) as never)).toThrow(/add it with \.branch\(\)/);
    expect(() => start().abTest({}, { split: [60, 30] })).toThrow(FlowValidationError);
    expect(() => start().branch(step("rule_ab_test", { branches: [] }), {})).toThrow(/needs `payload.branches`/);
    expect(() => start().branch(step("rule_filter", { branches: [{ branch_id: 1 }, { branch_id: 0 }] }), { yes: (a: FlowChain) => a } as never)).toThrow(
      /no branch "yes"; its branches are match, otherwise/,
    );
    expect(() => start().branch(message("x"), {})).toThrow(/does not branch/);
    const chain = start();
    chain.then(message("first"));
    expect(() => chain.then(message("second"))).toThrow(/already continued/);
    const outer = start();
    expect(() => outer.filter({}, { match: () => outer })).toThrow(/already continued|must return the chain it was given/);
  });

  it("branches on payload-defined ids (manual router) and on a node type it does not know", () => {
    const router = step("rule_manual_router", { branches: [{ branch_id: 4, name: "Hot" }, { branch_id: 5, name: "Cold" }], note: null });
    const built = flow(options)
      .start(step("linkedin_visit_profile", []))
      .branch(router, { 4: (arm) => arm.then(message("Call?")), 5: (arm) => arm.end() })
      .then(step("linkedin_send_voice_note", { seconds: 20 }))
      .build();
    expect(built.nodes.find((n) => n.type === "rule_manual_router")!.after.map((e) => e.branch_id)).toEqual([4, 5]);
    const unknown = flow(options)
      .start(step("linkedin_visit_profile", []))
      .branch(step("linkedin_poll", { options: 3 }), { 1: (arm) => arm, 7: (arm) => arm.end() })
      .build();
    const check1 = check(built);
    expect(check1.valid).toBe(true);
    expect(check(unknown)).toMatchObject({ valid: true, problems: [{ code: "unknown-type", severity: "suggestion" }] });
  });
});

describe("editFlow()", () => {
  const recorded = JSON.parse(readFileSync(join(repoRoot, "spec", "recordings", "getAutomationVersion", "documented-example.json"), "utf8")) as {
    response: { body: { nodes: FlowNodeData[]; contact_sources: Record<string, unknown>[] } & Record<string, unknown> };
  };

  it("edits a recorded version and writes back every field it does not know", () => {
    const version = structuredClone(recorded.response.body);
    version.nodes[0] = { ...version.nodes[0]!, x_editor_colour: "teal", payload: { kept: { nested: [1, 2] } } } as FlowNodeData;
    version.contact_sources[0] = { ...version.contact_sources[0], x_quota: 40 };
    version.x_version_note = "spring";
    const visit = version.nodes[0]!.id;
    const built = editFlow(version, options)
      .insertAfter(visit, message("Saw your profile", 3_600))
      .update(5, (node) => ({ ...node, payload: { ...(node.payload as object), template: "Changed" } }))
      .build();
    expect(built).not.toHaveProperty("uuid");
    expect(built).not.toHaveProperty("flow_uuid");
    expect(built.x_version_note).toBe("spring");
    expect(built.contact_sources[0]).toMatchObject({ x_quota: 40, after_id: visit });
    const nodes = byId(built);
    expect(nodes.get(visit)).toMatchObject({ x_editor_colour: "teal", payload: { kept: { nested: [1, 2] } } });
    const inserted = nodes.get(visit)!.after[0]!.node_id;
    expect(nodes.get(inserted)).toMatchObject({ type: "linkedin_send_message", delay_in_seconds: 3_600, after: [{ node_id: 3, branch_id: 1 }] });
    expect(nodes.get(5)!.payload).toMatchObject({ template: "Changed", stop_on_reply_level: "always" });
    expect(nodes.get(5)!.updated_at).toBe(NOW.toISOString());
    const untouched = recorded.response.body.nodes.find((n) => n.id === 6)!;
    expect(nodes.get(6)).toEqual(untouched);
    expect(built.first_common_node_id).toBe(recorded.response.body.first_common_node_id);
    expect(check(built)).toEqual({ valid: true, problems: [] });
  });

  it("keeps first_common_node_id of a version whose branches finish in different end nodes", () => {
    const stamp = NOW.toISOString();
    const node = (id: number, type: string, before: FlowEdge[], after: FlowEdge[], payload: NodePayload = []) =>
      ({ id, type, automation: "auto", before, after, payload, created_at: stamp, updated_at: stamp });
    const twoEnds = {
      nodes: [
        node(2, "rule_filter", [], [{ node_id: 3, branch_id: 1 }, { node_id: 4, branch_id: 0 }], { branches: [{ branch_id: 1 }, { branch_id: 0 }] }),
        node(3, "end", [{ node_id: 2, branch_id: 1 }], []),
        node(4, "end", [{ node_id: 2, branch_id: 0 }], []),
      ],
      contact_sources: [{ id: 1, after_id: 2 }],
      first_common_node_id: 3,
    };
    const built = editFlow(twoEnds, options).insertBefore(3, message("Before the first end")).build();
    expect(built.first_common_node_id).toBe(3);
    expect(check(built).valid).toBe(true);
  });

  it("inserts before the entry (moving the contact source) and removes a plain step", () => {
    const version = structuredClone(recorded.response.body);
    const built = editFlow(version, options).insertBefore(2, step("util_timer", { wait_time: 600 })).remove(3).build();
    const entry = built.nodes.find((n) => n.before.length === 0)!;
    expect(entry.type).toBe("util_timer");
    expect(built.contact_sources[0]!.after_id).toBe(entry.id);
    expect(built.nodes.some((n) => n.id === 3)).toBe(false);
    expect(byId(built).get(2)!.after).toEqual([{ node_id: 4, branch_id: 1 }]);
    expect(check(built).valid).toBe(true);
    expect(() => editFlow(structuredClone(recorded.response.body), options).remove(4)).toThrow(/branching step/);
  });
});

// ---------------------------------------------------------------- properties

type Program = Op[];
type Arm = "none" | "open" | { steps: Program; end: boolean };
type Op =
  | { kind: "then"; type: string; delay: number }
  | { kind: "ab"; a: Arm; b: Arm; split: number }
  | { kind: "filter"; match: Arm; otherwise: Arm }
  | { kind: "search"; found: Arm; notFound: Arm }
  | { kind: "trigger"; one: Arm; two: Arm }
  | { kind: "router"; ai: boolean; arms: Arm[] };

const { program } = fc.letrec<{ program: Program; op: Op; arm: Arm }>((tie) => ({
  program: fc.array(tie("op"), { minLength: 1, maxLength: 4 }),
  arm: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constant<Arm>("none"),
    fc.constant<Arm>("open"),
    fc.record({ steps: tie("program"), end: fc.boolean() }),
  ),
  op: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.record({ kind: fc.constant("then" as const), type: fc.constantFrom(...LINEAR), delay: fc.nat(172_800) }),
    fc.record({ kind: fc.constant("ab" as const), a: tie("arm"), b: tie("arm"), split: fc.integer({ min: 0, max: 100 }) }),
    fc.record({ kind: fc.constant("filter" as const), match: tie("arm"), otherwise: tie("arm") }),
    fc.record({ kind: fc.constant("search" as const), found: tie("arm"), notFound: tie("arm") }),
    fc.record({ kind: fc.constant("trigger" as const), one: tie("arm"), two: tie("arm") }),
    fc.record({ kind: fc.constant("router" as const), ai: fc.boolean(), arms: fc.array(tie("arm"), { minLength: 2, maxLength: 3 }) }),
  ),
}));

const armFn = (arm: Arm) =>
  arm === "none" ? undefined : arm === "open" ? (chain: FlowChain) => chain : (chain: FlowChain) => finish(run(chain, arm.steps), arm.end);
const finish = (chain: FlowChain | EndedFlow, end: boolean) => (end && "then" in chain ? chain.end() : chain);
const defined = <T extends object>(arms: T) => Object.fromEntries(Object.entries(arms).filter(([, fn]) => fn !== undefined)) as T;

function run(start: FlowChain | EndedFlow, ops: Program): FlowChain | EndedFlow {
  let chain = start;
  for (const op of ops) {
    if (!("then" in chain)) break;
    switch (op.kind) {
      case "then":
        chain = chain.then(step(op.type, { note: "step" }, { delay: op.delay }));
        break;
      case "ab":
        chain = chain.abTest(defined({ a: armFn(op.a), b: armFn(op.b) }), { split: [op.split, 100 - op.split] });
        break;
      case "filter":
        chain = chain.filter({ mass_actions_filter: { work_email: "is_not_null" } }, defined({ match: armFn(op.match), otherwise: armFn(op.otherwise) }));
        break;
      case "search":
        chain = chain.branch(step("email_search_waterflow", { waterflow_sequence: [] }), defined({ found: armFn(op.found), notFound: armFn(op.notFound) }));
        break;
      case "trigger":
        chain = chain.branch(step("trigger_linkedin_connection_request_accepted", { subtasks: [] }), defined({ 1: armFn(op.one), 2: armFn(op.two) }));
        break;
      case "router": {
        const ids = op.arms.map((_, index) => (op.ai && index === op.arms.length - 1 ? 0 : index + 3));
        const payload = { branches: ids.map((branch_id) => ({ branch_id, name: `Branch ${branch_id}`, ...(op.ai && branch_id !== 0 && { description: "Fits" }) })) };
        const arms = Object.fromEntries(ids.map((id, index) => [id, armFn(op.arms[index]!)]));
        chain = chain.branch(step(op.ai ? "ai_rule_filter" : "rule_manual_router", payload), defined(arms));
        break;
      }
    }
  }
  return chain;
}

function buildProgram(ops: Program): BuiltFlow {
  const [first, ...rest] = ops as [Op, ...Op[]];
  // A program that opens with a condition starts with it: the entry step itself branches.
  const condition = step("rule_filter", { branches: [{ branch_id: 1, filters: {} }, { branch_id: 0 }] });
  const start =
    first.kind === "filter"
      ? flow(options).startWithBranch(condition, defined({ match: armFn(first.match), otherwise: armFn(first.otherwise) }))
      : run(flow(options).start(step("linkedin_visit_profile", [])), [first]);
  return run(start, rest).build();
}

type Mutation = (version: BuiltFlow, pick: number, value: number) => boolean;
const edgesOf = (version: BuiltFlow) => version.nodes.flatMap((node) => node.after.map((edge, index) => ({ node, edge, index })));

/** Each mutation breaks a rule whatever graph it is applied to; it returns false when the graph offers nothing to change. */
const MUTATIONS: Record<string, Mutation> = {
  "drop the after side of an edge": (version, pick) => {
    const edges = edgesOf(version);
    const chosen = edges[pick % edges.length]!;
    chosen.node.after.splice(chosen.index, 1);
    return true;
  },
  "drop the before side of an edge": (version, pick) => {
    const entries = version.nodes.flatMap((node) => node.before.map((_, index) => ({ node, index })));
    const chosen = entries[pick % entries.length]!;
    chosen.node.before.splice(chosen.index, 1);
    return true;
  },
  "delete an edge on both sides": (version, pick) => {
    const { node, edge, index } = edgesOf(version)[pick % edgesOf(version).length]!;
    node.after.splice(index, 1);
    const target = version.nodes.find((n) => n.id === edge.node_id)!;
    target.before = target.before.filter((b) => !(b.node_id === node.id && b.branch_id === edge.branch_id));
    return true;
  },
  "change a branch id on one side": (version, pick, value) => {
    const { edge } = edgesOf(version)[pick % edgesOf(version).length]!;
    edge.branch_id += 1 + (value % 5);
    return true;
  },
  "change a branch id on both sides": (version, pick, value) => {
    const { node, edge } = edgesOf(version)[pick % edgesOf(version).length]!;
    const target = version.nodes.find((n) => n.id === edge.node_id)!;
    const back = target.before.find((b) => b.node_id === node.id && b.branch_id === edge.branch_id)!;
    edge.branch_id = back.branch_id = edge.branch_id + 1 + (value % 5);
    return true;
  },
  "point one side of an edge elsewhere": (version, pick, value) => {
    const { node, edge } = edgesOf(version)[pick % edgesOf(version).length]!;
    const others = version.nodes.filter((n) => n.id !== edge.node_id && n.id !== node.id);
    edge.node_id = others.length ? others[value % others.length]!.id : 999;
    return true;
  },
  "repeat an edge on both sides": (version, pick) => {
    const { node, edge } = edgesOf(version)[pick % edgesOf(version).length]!;
    node.after.push({ ...edge });
    version.nodes.find((n) => n.id === edge.node_id)!.before.push({ node_id: node.id, branch_id: edge.branch_id });
    return true;
  },
  "remove a node's before or after list": (version, pick, value) => {
    const node = version.nodes[pick % version.nodes.length]! as Partial<FlowNodeData>;
    delete node[value % 2 ? "before" : "after"];
    return true;
  },
  "name another node as where the branches meet": (version, _pick, value) => {
    if (version.first_common_node_id === null) return false;
    const others = version.nodes.filter((n) => n.id !== version.first_common_node_id);
    version.first_common_node_id = others[value % others.length]!.id;
    return true;
  },
  "send a contact source to a missing node": (version) => {
    version.contact_sources[0]!.after_id = 999;
    return true;
  },
};

describe("flow() properties", () => {
  it("every random builder program yields a graph that passes validateFlow", () => {
    let branching = 0;
    fc.assert(
      fc.property(program, (ops) => {
        const built = buildProgram(ops);
        if (built.first_common_node_id !== null) branching++;
        const result = check(built);
        expect(result.problems.filter((p) => p.severity === "error")).toEqual([]);
        expect(built.nodes.filter((n) => n.type === "end")).toHaveLength(1);
      }),
      { seed: 20260414, numRuns: 300 },
    );
    expect(branching).toBeGreaterThan(150);
  });

  it("every random edge deletion or mutation of a valid graph is caught", () => {
    const names = Object.keys(MUTATIONS);
    const applied = new Map<string, number>();
    fc.assert(
      fc.property(program, fc.constantFrom(...names), fc.nat(), fc.nat(), (ops, name, pick, value) => {
        const version = structuredClone(buildProgram(ops));
        fc.pre(MUTATIONS[name]!(version, pick, value));
        applied.set(name, (applied.get(name) ?? 0) + 1);
        const result = check(version);
        expect(result.valid, `${name} was not caught:\n${JSON.stringify(version.nodes)}`).toBe(false);
      }),
      { seed: 20260414, numRuns: 600 },
    );
    // Every kind of mutation was tried often enough to mean something.
    for (const name of names) expect(applied.get(name) ?? 0, name).toBeGreaterThan(20);
  });

  it("edits of a valid graph (insert after, insert before, remove) keep it valid", () => {
    fc.assert(
      fc.property(program, fc.array(fc.tuple(fc.constantFrom("after", "before", "remove"), fc.nat()), { maxLength: 5 }), (ops, edits) => {
        let version = buildProgram(ops);
        for (const [edit, pick] of edits) {
          const editor = editFlow(version, options);
          const candidates = version.nodes.filter((n) =>
            edit === "remove" ? n.type !== "end" && n.after.length === 1 : edit === "after" ? n.type !== "end" && n.after.length === 1 : true,
          );
          if (candidates.length === 0) continue;
          const target = candidates[pick % candidates.length]!;
          if (edit === "after") editor.insertAfter(target.id, message("inserted"));
          else if (edit === "before") editor.insertBefore(target.id, message("inserted"));
          else editor.remove(target.id);
          version = editor.build();
        }
        expect(check(version).problems.filter((p) => p.severity === "error")).toEqual([]);
      }),
      { seed: 20260414, numRuns: 200 },
    );
  });
});
