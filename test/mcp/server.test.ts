/** The server in process, over the SDK's in-memory transport, with a client whose fetch plays the API. */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { describe, expect, it } from "vitest";
import type { GuardedEffect } from "../../generator/mcp-runtime/effects.ts";
import { createGrinfiMcpServer, FILTER_LANGUAGE, instructions } from "../../generator/mcp-runtime/server.ts";
import type { Mode } from "../../generator/mcp-runtime/tools.ts";
import { OPERATIONS } from "../../generated/mcp/src/operations.ts";
import { Grinfi } from "../../generated/src/index.ts";

const KEY = "gk_live_INPROCESS_SECRET_93b1";
type Api = (request: Request) => Response | Promise<Response>;
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

async function start(options: { mode?: Mode; allowed?: GuardedEffect[]; api: Api }) {
  const lines: string[] = [];
  const requests: Request[] = [];
  const client = new Grinfi({
    apiKey: KEY,
    baseUrl: "http://127.0.0.1:9",
    retry: { maxRetries: 0 },
    fetch: async (request) => {
      requests.push(request);
      return options.api(request);
    },
  });
  const server = createGrinfiMcpServer({
    operations: OPERATIONS,
    mode: options.mode ?? "compact",
    allowed: new Set(options.allowed ?? []),
    client,
    secret: KEY,
    info: { name: "grinfi-mcp-test", version: "0.0.0" },
    log: (line) => lines.push(line),
  });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const mcp = new Client({ name: "test", version: "1.0.0" });
  await mcp.connect(clientSide);
  const call = async (name: string, args: Record<string, unknown>) => {
    const result = await mcp.callTool({ name, arguments: args });
    return { text: (result.content as { text: string }[]).map((part) => part.text).join("\n"), isError: result.isError === true };
  };
  return { mcp, call, lines, requests };
}

describe("createGrinfiMcpServer", () => {
  it("tells the client at initialisation what it may do", async () => {
    const { mcp } = await start({ allowed: ["write"], api: () => json(200, {}) });
    expect(mcp.getInstructions()).toBe(
      "Grinfi API (LinkedIn and email outreach CRM). Allowed besides reading: write. Calls needing --allow-send, " +
        "--allow-spend, --allow-destroy, --allow-reveal are refused; only the person running the server can enable them. " +
        FILTER_LANGUAGE,
    );
    expect(FILTER_LANGUAGE).toContain('"is_null" / "is_not_null"');
    // Said only where a filter can be given: there is none among the tags' operations.
    expect(instructions(new Set(["write"]), false)).not.toContain("filter");
  });

  it("keeps every spelling of the key out of results and logs, even when the API echoes it", async () => {
    const echoes = [KEY, encodeURIComponent(KEY), Buffer.from(`Bearer ${KEY}`).toString("base64"), KEY.toLowerCase()];
    const { call, lines } = await start({
      api: () => json(403, { error: { reason: "forbidden", message: `Key ${echoes.join(" / ")} may not do this`, data: { token: [echoes[2]!] } }, message: "x", code: 403 }),
    });
    const answer = await call("call_operation", { name: "getCurrentUser", arguments: {} });
    expect(answer.isError).toBe(true);
    expect(answer.text).toMatch(/^The Grinfi API answered 403 \(forbidden\): Key \[redacted\]/);
    const everything = `${answer.text}\n${lines.join("\n")}`;
    for (const echo of echoes) expect(everything).not.toContain(echo);
    expect(everything.toLowerCase()).not.toContain(KEY.toLowerCase());
  });

  it("answers a lost connection and a non-JSON body as tool errors, not crashes", async () => {
    const lost = await start({ api: () => Promise.reject(new TypeError("socket hang up")) });
    const failed = await lost.call("call_operation", { name: "getCurrentUser", arguments: {} });
    expect(failed).toEqual({ isError: true, text: "Could not reach the Grinfi API: GET /id/api/users/current failed: no response" });
    const html = await start({ api: () => new Response("<html>bad gateway</html>", { status: 200 }) });
    const unreadable = await html.call("call_operation", { name: "getCurrentUser", arguments: {} });
    expect(unreadable.isError).toBe(true);
    expect(unreadable.text).toContain("is not valid JSON");
  });

  it("answers 204 with a sentence, and a JSON body as compact JSON", async () => {
    const { call } = await start({ allowed: ["destroy"], api: (request) => (request.method === "DELETE" ? new Response(null, { status: 204 }) : json(200, { uuid: "n-1" })) });
    expect(await call("call_operation", { name: "deleteNote", arguments: { uuid: "0b5f1c2e-3d4a-4b6c-8d9e-0f1a2b3c4d5e" } })).toEqual({
      isError: false,
      text: "Done: the API answered 204 with no content.",
    });
  });

  it("in full mode, calls tools by operation name, describes them, and refuses by effect", async () => {
    const { mcp, call, requests } = await start({ mode: "full", api: () => json(200, { data: [], limit: 20, offset: 0, total: 0 }) });
    expect((await mcp.listTools()).tools.at(-1)?.name).toBe("describe_operation");
    expect(await call("listNotes", { limit: 20 })).toEqual({ isError: false, text: '{"data":[],"limit":20,"offset":0,"total":0}' });
    expect(new URL(requests[0]!.url).search).toBe("?limit=20");
    const described = await call("describe_operation", { name: "deleteNote" });
    expect(described.text).toContain("Effects: destroy. Refused on this server until enabled with --allow-destroy");
    const refused = await call("deleteNote", { uuid: "0b5f1c2e-3d4a-4b6c-8d9e-0f1a2b3c4d5e" });
    expect(refused.isError).toBe(true);
    expect(refused.text).toContain("--allow-destroy");
    expect(await call("find_operations", { query: "notes" })).toEqual({ isError: true, text: 'Unknown tool "find_operations".' });
    expect(requests).toHaveLength(1);
  });

  it("checks a call against the whole schema where the list shows only the top level of it", async () => {
    const { mcp, call, requests } = await start({ mode: "full", allowed: ["write", "send", "spend"], api: () => json(200, {}) });
    const tool = (await mcp.listTools()).tools.find((candidate) => candidate.name === "createAutomationVersion");
    expect(tool?.inputSchema.properties?.["nodes"]).toEqual({ type: "array" });
    const flowUuid = "0b5f1c2e-3d4a-4b6c-8d9e-0f1a2b3c4d5e";
    const refused = await call("createAutomationVersion", { flowUuid, nodes: [{ id: "first", before: [] }], contact_sources: [{ id: 1 }] });
    expect(refused.isError).toBe(true);
    expect(refused.text).toMatch(/^Invalid arguments for createAutomationVersion:\n- nodes\.0: /);
    expect(requests).toHaveLength(0);
    const described = await call("describe_operation", { name: "createAutomationVersion" });
    expect(described.text).toContain('"trigger_message_replied"');
  });

  it("hides the operations that reveal a secret until --allow-reveal, and refuses them when called by name", async () => {
    const key = { jti: "k-1", name: "crm-sync", last_token: "gk_live_NEWLY_ISSUED_4d2f" };
    const hidden = await start({ mode: "full", allowed: ["write"], api: () => json(200, key) });
    const names = (await hidden.mcp.listTools()).tools.map((tool) => tool.name);
    expect(names).not.toContain("createApiKey");
    expect(names).not.toContain("generateLinkedinBrowserLoginLink");
    expect(names).toContain("createTag");
    const refused = await hidden.call("createApiKey", { name: "crm-sync" });
    expect(refused.isError).toBe(true);
    expect(refused.text).toMatch(/^Refused: createApiKey would see secrets the API answers .* --allow-reveal \(or GRINFI_MCP_ALLOW_REVEAL=1\)\.$/);
    expect(hidden.requests).toHaveLength(0);
    const compact = await start({ allowed: ["write"], api: () => json(200, key) });
    expect((await compact.call("find_operations", { query: "create api key" })).text).not.toContain("createApiKey");

    const revealing = await start({ mode: "full", allowed: ["write", "reveal"], api: () => json(200, key) });
    expect((await revealing.mcp.listTools()).tools.map((tool) => tool.name)).toContain("createApiKey");
    expect(await revealing.call("createApiKey", { name: "crm-sync" })).toEqual({ isError: false, text: JSON.stringify(key) });
  });

  it("withholds secret fields of answers, wherever the secret appears, unless --allow-reveal", async () => {
    // The same password in a free-form proxy setting is taken out too.
    const proxy = [{ host: "proxy.example.com", password: "hunter2-Secret" }];
    const browser = { id: 7, linkedin_password: "hunter2-Secret", ln_code: null, custom_proxy_config: proxy };
    const page = { data: [browser], limit: 20, offset: 0, total: 1 };
    const { call } = await start({ api: () => json(200, page) });
    const listed = await call("call_operation", { name: "listLinkedinBrowsers", arguments: {} });
    expect(listed.isError).toBe(false);
    expect(listed.text).not.toContain("hunter2-Secret");
    const [answer, note] = listed.text.split("\n");
    expect(JSON.parse(answer!).data[0]).toEqual({
      ...browser,
      linkedin_password: "[withheld]",
      custom_proxy_config: [{ host: "proxy.example.com", password: "[redacted]" }],
    });
    expect(note).toBe(
      "Secrets withheld (linkedin_password): this server keeps them out of the conversation; the person running it can " +
        "show them with --allow-reveal (or GRINFI_MCP_ALLOW_REVEAL=1).",
    );
    const revealing = await start({ allowed: ["reveal"], api: () => json(200, page) });
    expect((await revealing.call("call_operation", { name: "listLinkedinBrowsers", arguments: {} })).text).toBe(JSON.stringify(page));
  });

  it("in compact mode, finds within a category and says when nothing matches or a name is unknown", async () => {
    const { call } = await start({ api: () => json(200, {}) });
    const found = await call("find_operations", { query: "delete", category: "Integrations", limit: 3 });
    expect(found.text).toBe("deleteWebhook: Drop a webhook subscription [destroy]");
    expect((await call("find_operations", { query: "qwertyuiop" })).text).toMatch(/^No operation matches "qwertyuiop"/);
    expect(await call("describe_operation", { name: "sendFax" })).toEqual({
      isError: true,
      text: 'No operation named "sendFax" on this server; use find_operations to find one.',
    });
  });
});
