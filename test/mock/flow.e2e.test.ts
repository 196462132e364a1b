import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  editFlow,
  flow,
  FlowValidationError,
  Grinfi,
  ValidationError,
  sendLinkedinMessage,
  validateFlow,
  visitProfile,
  type AutomationNode,
} from "../../generated/src/index.ts";
import { loadMockApi, startMockServer, type MockServer } from "../../generator/src/mock/index.ts";
import { repoRoot } from "../helpers/spec-fixture.ts";

/** The automation builder of the generated package against the mock, which checks every request against the spec. */
const AUTOMATION = "6f1c2a9e-3b47-4d8a-9e15-2c7b8d4f0a11";
const EVERY_NODE_TYPE = "2b7f9c14-8e3d-4a61-b5c0-9d4e7a1f3c28";
let mock: MockServer;

beforeAll(async () => {
  const api = await loadMockApi({ specDir: join(repoRoot, "spec"), recordingsDir: join(repoRoot, "spec", "recordings") });
  mock = await startMockServer({ api });
});
afterAll(() => mock.close());

/** A client whose requests to create a version are kept (their parsed bodies), to see what was sent. */
function recordingClient(sent: unknown[]): Grinfi {
  return new Grinfi({
    apiKey: "flow-e2e-key",
    baseUrl: mock.url,
    fetch: async (request) => {
      if (request.method === "POST" && request.url.endsWith("/flow-versions")) sent.push(await request.clone().json());
      return fetch(request);
    },
  });
}

describe("automation builder against the mock", () => {
  it("runs the README's program: builds the branching automation, validates it and saves it", async () => {
    const readme = readFileSync(join(repoRoot, "generated", "README.md"), "utf8");
    const program = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!).find((code) => code.includes("flow()"));
    expect(program).toBeDefined();
    const sdk = JSON.stringify(join(repoRoot, "generated", "src", "index.ts"));
    const lines = program!.split("\n");
    const file = join(mkdtempSync(join(tmpdir(), "grinfi-readme-flow-")), "program.mts");
    writeFileSync(file, [
      `import { Grinfi } from ${sdk};`,
      ...lines.filter((line) => line.startsWith("import ")).map((line) => line.replace(/"@grinfi\/sdk"/, sdk)),
      // What the README's earlier sections define: the client (here on the mock) and an automation's UUID.
      `const grinfi = new Grinfi({ apiKey: "readme-key", baseUrl: process.env.GRINFI_MOCK_URL });`,
      `const uuid = ${JSON.stringify(AUTOMATION)};`,
      ...lines.filter((line) => !line.startsWith("import ")),
      "console.log(JSON.stringify({ check, version }));",
    ].join("\n"));

    const before = mock.requests.length;
    // Not spawnSync: the mock answers from this process, which must keep running meanwhile.
    const run = await promisify(execFile)(process.execPath, ["--import", "tsx", file], {
      cwd: repoRoot,
      env: { ...process.env, GRINFI_MOCK_URL: mock.url },
      timeout: 60_000,
    });
    const { check, version } = JSON.parse(run.stdout.trim().split("\n").pop()!) as { check: { valid: boolean }; version: { nodes: { type: string }[] } };
    expect(check).toEqual({ valid: true, problems: [] });
    expect(version.nodes.map((node) => node.type)).toEqual(
      expect.arrayContaining(["rule_ab_test", "rule_filter", "email_search_waterflow", "email_send_message", "end"]),
    );
    const calls = mock.requests.slice(before).map((r) => `${r.method} ${r.operationId} ${r.status}`);
    expect(calls).toEqual(["POST createAutomationVersion 201"]);
  });

  it("reads a version, edits it and saves it back with every field the builder does not know", async () => {
    const sent: unknown[] = [];
    const grinfi = recordingClient(sent);
    const read = await grinfi.automationVersions.get({ uuid: EVERY_NODE_TYPE });
    expect(validateFlow(read).valid).toBe(true);
    const entry = read.nodes!.find((node) => node.before.length === 0)!;
    const edited = editFlow(read, { now: new Date("2026-04-20T10:00:00Z") }).insertAfter(entry.id, sendLinkedinMessage({ template: "Saw your profile" })).build();
    await grinfi.automationVersions.create({ flowUuid: AUTOMATION, ...edited });

    expect(sent).toHaveLength(1);
    const body = sent[0] as { nodes: AutomationNode[]; contact_sources: unknown[]; first_common_node_id: number | null };
    expect(body.nodes).toHaveLength(read.nodes!.length + 1);
    expect(body.contact_sources).toEqual(read.contact_sources);
    expect(body.first_common_node_id).toBe(read.first_common_node_id);
    const sentById = new Map(body.nodes.map((node) => [node.id, node]));
    const next = entry.after[0]!.node_id;
    const inserted = sentById.get(entry.id)!.after[0]!.node_id;
    expect(sentById.get(inserted)).toMatchObject({ type: "linkedin_send_message", before: [{ node_id: entry.id, branch_id: 1 }] });
    expect(sentById.get(entry.id)).toEqual({ ...entry, after: [{ node_id: inserted, branch_id: 1 }], updated_at: "2026-04-20T10:00:00.000Z" });
    const nextRead = read.nodes!.find((node) => node.id === next)!;
    const nextBefore = [...nextRead.before.filter((edge) => edge.node_id !== entry.id), { node_id: inserted, branch_id: 1 }];
    expect(sentById.get(next)).toEqual({ ...nextRead, before: nextBefore, updated_at: "2026-04-20T10:00:00.000Z" });
    // Every other node goes back exactly as it came, fields the builder does not know included.
    for (const node of read.nodes!.filter((n) => n.id !== entry.id && n.id !== next)) expect(sentById.get(node.id)).toEqual(node);
  });

  it("sends every built node through the API's own check, and refuses to save a broken version", async () => {
    const sent: unknown[] = [];
    const grinfi = recordingClient(sent);
    const built = flow().start(visitProfile()).then(sendLinkedinMessage({ template: "Hello" })).build();
    for (const node of built.nodes) await grinfi.automationVersions.validateNode(node as AutomationNode);
    expect(mock.requests.slice(-built.nodes.length).map((r) => r.status)).toEqual(built.nodes.map(() => 204));
    // The spec's node union is strict for the documented types: a message step's template must be text.
    const message = built.nodes.find((node) => node.type === "linkedin_send_message")!;
    const wrong = { ...message, payload: { template: 42 } } as unknown as AutomationNode;
    await expect(grinfi.automationVersions.validateNode(wrong)).rejects.toThrow(ValidationError);

    const broken = { ...built, nodes: built.nodes.map((node) => (node.type === "end" ? { ...node, before: [] } : node)) };
    const before = mock.requests.length;
    const refused = await grinfi.automationVersions.create({ flowUuid: AUTOMATION, ...broken }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(FlowValidationError);
    // It says what is wrong (the edge into the end node is on one side only), and nothing was sent.
    expect((refused as FlowValidationError).problems.map((problem) => problem.code)).toContain("asymmetric-edge");
    expect(mock.requests.length).toBe(before);
    await grinfi.automationVersions.create({ flowUuid: AUTOMATION, ...broken }, { skipValidation: true });
    expect(sent).toHaveLength(1);
  });
});
