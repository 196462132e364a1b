import { describe, expect, it } from "vitest";
import {
  assertValidFlow,
  firstCommonNodeId,
  FlowValidationError,
  validateFlow,
  type FlowNodeData,
  type FlowProblemCode,
  type NodePayload,
} from "../../generator/runtime/flow.js";

const STAMP = "2026-04-14T08:00:00.000Z";
const KNOWN = ["linkedin_visit_profile", "linkedin_send_message", "email_send_message", "rule_ab_test", "rule_filter", "end"];

/** A node with both timestamps and `automation: auto`; edges are given as [node_id, branch_id] pairs. */
function node(id: number, type: string, before: [number, number][], after: [number, number][], payload: NodePayload = []): FlowNodeData {
  const edges = (pairs: [number, number][]) => pairs.map(([node_id, branch_id]) => ({ node_id, branch_id }));
  return { id, type, automation: "auto", before: edges(before), after: edges(after), payload, delay_in_seconds: 0, created_at: STAMP, updated_at: STAMP };
}

const source = (afterId: number) => ({ id: 1, name: null, rotation_strategy: "fair", sender_profiles: [], after_id: afterId });
const abPayload = (a = 50, b = 50) => ({ branches: [{ branch_id: 1, value: a, is_enabled: true }, { branch_id: 2, value: b, is_enabled: true }] });
const filterPayload = { branches: [{ branch_id: 1, filters: { mass_actions_filter: { work_email: "is_not_null" } } }, { branch_id: 0 }] };

/** visit (2) → A/B (3) → a: message (4), b: email (5) → both meet at message (6) → end (1). */
function diamond() {
  return {
    nodes: [
      node(2, "linkedin_visit_profile", [], [[3, 1]]),
      node(3, "rule_ab_test", [[2, 1]], [[4, 1], [5, 2]], abPayload()),
      node(4, "linkedin_send_message", [[3, 1]], [[6, 1]], { template: "A" }),
      node(5, "email_send_message", [[3, 2]], [[6, 1]], { template: "B" }),
      node(6, "linkedin_send_message", [[4, 1], [5, 1]], [[1, 1]], { template: "after" }),
      node(1, "end", [[6, 1]], []),
    ],
    contact_sources: [source(2)],
    first_common_node_id: 6,
  };
}

const errors = (version: unknown) => validateFlow(version, { knownTypes: KNOWN }).problems.filter((p) => p.severity === "error");
const codes = (version: unknown): FlowProblemCode[] => errors(version).map((p) => p.code);

describe("validateFlow", () => {
  it("accepts a branching graph whose branches meet again, and a linear one with first_common_node_id null", () => {
    expect(validateFlow(diamond(), { knownTypes: KNOWN })).toEqual({ valid: true, problems: [] });
    const linear = { nodes: [node(2, "linkedin_visit_profile", [], [[1, 1]]), node(1, "end", [[2, 1]], [])], contact_sources: [source(2)], first_common_node_id: null };
    expect(validateFlow(linear, { knownTypes: KNOWN })).toEqual({ valid: true, problems: [] });
  });

  it("refuses an empty version and nodes without an integer id", () => {
    expect(codes({ nodes: [], contact_sources: [] })).toEqual(["no-nodes"]);
    const version = diamond();
    (version.nodes[0] as unknown as Record<string, unknown>).id = "2";
    expect(codes(version)).toContain("node-shape");
    expect(errors(version)[0]?.message).toMatch(/integer `id`/);
  });

  it("names a node without before/after (the API's 500) with the list to send", () => {
    const version = diamond();
    delete (version.nodes[2] as Partial<FlowNodeData>).before;
    const problem = errors(version).find((p) => p.code === "missing-edge-list");
    expect(problem).toMatchObject({ nodeId: 4, message: expect.stringContaining("send `before: []`") });
  });

  it("finds an edge written on one side only, and says where to add the other half", () => {
    const version = diamond();
    version.nodes[4]!.before = [{ node_id: 4, branch_id: 1 }];
    const problem = errors(version).find((p) => p.code === "asymmetric-edge");
    expect(problem).toMatchObject({ nodeId: 5, message: expect.stringContaining("add { node_id: 5, branch_id: 1 } to the `before` of node 6") });
  });

  it("refuses branch ids a node's kind does not have, and a missing branch", () => {
    const version = diamond();
    version.nodes[1]!.after = [{ node_id: 4, branch_id: 1 }, { node_id: 5, branch_id: 3 }];
    version.nodes[3]!.before = [{ node_id: 3, branch_id: 3 }];
    const found = errors(version);
    expect(found).toContainEqual(expect.objectContaining({ code: "branch-id", nodeId: 3, message: expect.stringContaining("its branches are 1 and 2") }));
    expect(found).toContainEqual(expect.objectContaining({ code: "missing-branch", nodeId: 3 }));
  });

  it("checks the payload: A/B shares add up to 100, a CRM condition lists branches 1 and 0", () => {
    const version = diamond();
    version.nodes[1]!.payload = abPayload(70, 20);
    expect(errors(version)).toContainEqual(expect.objectContaining({ code: "branch-payload", nodeId: 3, message: expect.stringContaining("90%") }));
    const filter = {
      nodes: [
        node(2, "rule_filter", [], [[3, 1], [1, 0]], { branches: [{ branch_id: 1 }, { branch_id: 2 }] }),
        node(3, "linkedin_send_message", [[2, 1]], [[1, 1]]),
        node(1, "end", [[2, 0], [3, 1]], []),
      ],
      contact_sources: [source(2)],
      first_common_node_id: 1,
    };
    expect(codes(filter)).toEqual(["branch-payload"]);
  });

  it("reads a manual router's and an AI rule's branch ids from their payload", () => {
    const router = {
      nodes: [
        node(2, "rule_manual_router", [], [[3, 7], [1, 9]], { branches: [{ branch_id: 7, name: "Hot" }, { branch_id: 9, name: "Cold" }] }),
        node(3, "linkedin_send_message", [[2, 7]], [[1, 1]]),
        node(1, "end", [[2, 9], [3, 1]], []),
      ],
      contact_sources: [source(2)],
      first_common_node_id: 1,
    };
    expect(codes(router)).toEqual([]);
    router.nodes[0]!.payload = { branches: [{ branch_id: 7, name: "Hot" }] };
    expect(codes(router)).toEqual(["branch-id"]);
    const ai = structuredClone(router);
    ai.nodes[0]!.type = "ai_rule_filter";
    ai.nodes[0]!.payload = { branches: [{ branch_id: 7, name: "Hot", description: "Wants a call" }, { branch_id: 9, name: "Rest" }] };
    expect(errors(ai).map((p) => p.message)).toEqual([expect.stringContaining("fallback branch with branch_id 0")]);
  });

  it("requires every branch to reach an end node, and an end node to lead nowhere", () => {
    const version = diamond();
    version.nodes[3]!.after = [];
    version.nodes[4]!.before = [{ node_id: 4, branch_id: 1 }];
    expect(errors(version)).toEqual([expect.objectContaining({ code: "dead-end", nodeId: 5 })]);
    const noEnd = { nodes: [node(2, "linkedin_visit_profile", [], [])], contact_sources: [source(2)] };
    expect(codes(noEnd)).toEqual(expect.arrayContaining(["no-end", "dead-end"]));
    const endGoesOn = diamond();
    endGoesOn.nodes[5]!.after = [{ node_id: 2, branch_id: 1 }];
    endGoesOn.nodes[0]!.before = [{ node_id: 1, branch_id: 1 }];
    expect(codes(endGoesOn)).toEqual(expect.arrayContaining(["end-continues", "cycle"]));
  });

  it("finds a loop and a node nothing reaches", () => {
    const loop = {
      nodes: [
        node(2, "linkedin_visit_profile", [[3, 1]], [[3, 1]]),
        node(3, "linkedin_send_message", [[2, 1]], [[2, 1]]),
        node(1, "end", [], []),
      ],
      contact_sources: [source(2)],
    };
    expect(errors(loop).find((p) => p.code === "cycle")?.message).toMatch(/Nodes 2, 3 form a loop/);
    const orphan = diamond();
    orphan.nodes.push(node(7, "linkedin_send_message", [], [[1, 1]]));
    orphan.nodes[5]!.before.push({ node_id: 7, branch_id: 1 });
    expect(errors(orphan)).toEqual([expect.objectContaining({ code: "orphan", nodeId: 7 })]);
  });

  it("needs a contact source entering an existing node", () => {
    expect(codes({ ...diamond(), contact_sources: [] })).toEqual(["contact-source"]);
    expect(errors({ ...diamond(), contact_sources: [source(42)] })[0]?.message).toMatch(/node 42, which does not exist/);
  });

  it("checks first_common_node_id: required with branches, the node where they meet, null for a linear graph", () => {
    expect(errors({ ...diamond(), first_common_node_id: null })[0]?.message).toMatch(/first meet again at node 6: set first_common_node_id to 6/);
    expect(codes({ ...diamond(), first_common_node_id: 4 })).toEqual(["first-common-node"]);
    expect(codes({ ...diamond(), first_common_node_id: 99 })).toEqual(["first-common-node"]);
    const linear = { nodes: [node(2, "linkedin_visit_profile", [], [[1, 1]]), node(1, "end", [[2, 1]], [])], contact_sources: [source(2)], first_common_node_id: 2 };
    const check = validateFlow(linear, { knownTypes: KNOWN });
    expect(check.valid).toBe(true);
    expect(check.problems).toEqual([expect.objectContaining({ code: "first-common-node", severity: "suggestion" })]);
  });

  it("accepts several end nodes with a suggestion, and refuses them when branches never meet and no node is named", () => {
    const twoEnds = {
      nodes: [
        node(2, "rule_filter", [], [[3, 1], [4, 0]], filterPayload),
        node(3, "end", [[2, 1]], []),
        node(4, "end", [[2, 0]], []),
      ],
      contact_sources: [source(2)],
      first_common_node_id: 3,
    };
    const check = validateFlow(twoEnds, { knownTypes: KNOWN });
    expect(check.valid).toBe(true);
    expect(check.problems.map((p) => [p.code, p.severity])).toEqual([["several-ends", "suggestion"]]);
    expect(codes({ ...twoEnds, first_common_node_id: null })).toEqual(["first-common-node"]);
  });

  it("needs automation: auto, whole-second delays and both timestamps on every node", () => {
    const version = diamond();
    delete version.nodes[0]!.automation;
    version.nodes[1]!.delay_in_seconds = -5;
    delete version.nodes[2]!.updated_at;
    expect(errors(version).map((p) => [p.code, p.nodeId])).toEqual([["automation-field", 2], ["delay", 3], ["timestamps", 4]]);
  });

  it("checks the edges of a node type it does not know, but not its branch ids", () => {
    const version = diamond();
    version.nodes[2]!.type = "linkedin_send_voice_note";
    version.nodes[2]!.after = [{ node_id: 6, branch_id: 5 }];
    version.nodes[4]!.before = [{ node_id: 4, branch_id: 5 }, { node_id: 5, branch_id: 1 }];
    const check = validateFlow(version, { knownTypes: KNOWN });
    expect(check.valid).toBe(true);
    expect(check.problems).toEqual([expect.objectContaining({ code: "unknown-type", nodeId: 4, severity: "suggestion" })]);
  });

  it("assertValidFlow throws a FlowValidationError listing the problems", () => {
    const version = { ...diamond(), first_common_node_id: null };
    expect(() => assertValidFlow(version)).toThrow(FlowValidationError);
    try {
      assertValidFlow(version);
    } catch (error) {
      expect((error as FlowValidationError).problems.map((p) => p.code)).toEqual(["first-common-node"]);
      expect((error as Error).message).toMatch(/1 problem\(s\):\n- The branches first meet again at node 6/);
    }
  });
});

describe("firstCommonNodeId", () => {
  it("is the first node every path from the first split passes; null without a split; undefined when they never meet", () => {
    expect(firstCommonNodeId(diamond().nodes)).toBe(6);
    expect(firstCommonNodeId([node(2, "linkedin_visit_profile", [], [[1, 1]]), node(1, "end", [[2, 1]], [])])).toBeNull();
    const apart = [node(2, "rule_filter", [], [[3, 1], [4, 0]], filterPayload), node(3, "end", [[2, 1]], []), node(4, "end", [[2, 0]], [])];
    expect(firstCommonNodeId(apart)).toBeUndefined();
  });
});
