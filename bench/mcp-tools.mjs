// Figure 9: what the generated MCP server's `tools/list` costs a model on every turn, per mode. The answer is taken
// from the real server (generator/mcp-runtime over the generated operation table) through the official MCP client on
// an in-memory transport, and measured as the JSON-RPC result sent: bytes, tokens estimated at 4 bytes a token, and
// tokens counted with a real tokenizer (gpt-tokenizer, o200k_base). Beside it, the hand-written public Grinfi MCP
// server's published figures (facts from shared reference notes; none of its code is used or copied).
//
//   node bench/mcp-tools.mjs
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { encode } from "gpt-tokenizer";
import { register } from "tsx/esm/api";
import { context, isMain, load, repoRoot, runStandalone, versionOf } from "./lib/common.mjs";

export const TARGETS = { compactTokens: 2500, oneCategoryTokens: 8000 };

/** The hand-written public server, as counted from its published source (see the repository's reference notes). */
export const PUBLIC_SERVER = { tools: 189, bytes: 96 * 1024, tokensAt4Bytes: 24_000, annotated: 33 };

const fromRepo = (...path) => import(pathToFileURL(join(repoRoot, ...path)).href);

export async function run() {
  const startLoad = load();
  register();
  const { Client } = await import("@modelcontextprotocol/sdk/client/index.js");
  const { InMemoryTransport } = await import("@modelcontextprotocol/sdk/inMemory.js");
  const { createGrinfiMcpServer } = await fromRepo("generator", "mcp-runtime", "server.ts");
  const { selectOperations } = await fromRepo("generator", "mcp-runtime", "tools.ts");
  const { OPERATIONS } = await fromRepo("generated", "mcp", "src", "operations.ts");
  const { Grinfi } = await fromRepo("generated", "src", "index.ts");

  async function measure(label, mode, selection) {
    const operations = selectOperations(OPERATIONS, selection);
    const server = createGrinfiMcpServer({
      operations,
      mode,
      allowed: new Set(),
      client: new Grinfi({ apiKey: "bench", baseUrl: "http://127.0.0.1:9" }),
      info: { name: "grinfi-mcp", version: "bench" },
    });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    const client = new Client({ name: "bench", version: "1" });
    await client.connect(clientSide);
    const answer = await client.listTools();
    await client.close();
    const text = JSON.stringify(answer);
    const bytes = Buffer.byteLength(text, "utf8");
    const annotated = answer.tools.filter((tool) => tool.annotations && Object.keys(tool.annotations).length > 0).length;
    return { label, mode, operations: operations.length, tools: answer.tools.length, annotated, bytes, tokensAt4Bytes: Math.round(bytes / 4), tokens: encode(text).length };
  }

  const none = { categories: [], tags: [] };
  const categories = [...new Set(OPERATIONS.map((operation) => operation.category))];
  const rows = [await measure("compact", "compact", none), await measure("full, every category", "full", none)];
  for (const category of categories) rows.push(await measure(`full, --category ${category}`, "full", { categories: [category], tags: [] }));
  rows.push(await measure("full, --tag Contacts", "full", { categories: [], tags: ["Contacts"] }));

  const compact = rows[0];
  const perCategory = rows.filter((row) => row.label.startsWith("full, --category"));
  const worst = perCategory.reduce((a, b) => (b.tokensAt4Bytes > a.tokensAt4Bytes ? b : a));
  return {
    figure: "mcp-tools",
    method:
      "tools/list answered by createGrinfiMcpServer (read-only, no category filter unless named) to the official MCP client over an " +
      "in-memory transport; bytes of the JSON result; tokens ≈ bytes / 4, and counted with gpt-tokenizer (o200k_base). " +
      "Deterministic: one run.",
    versions: { "@modelcontextprotocol/sdk": versionOf("@modelcontextprotocol/sdk"), "gpt-tokenizer": versionOf("gpt-tokenizer") },
    rows,
    publicServer: PUBLIC_SERVER,
    targets: {
      compactTokens: { target: TARGETS.compactTokens, measured: compact.tokensAt4Bytes, met: compact.tokensAt4Bytes <= TARGETS.compactTokens },
      oneCategoryTokens: {
        target: TARGETS.oneCategoryTokens,
        within: perCategory.filter((row) => row.tokensAt4Bytes <= TARGETS.oneCategoryTokens).length,
        of: perCategory.length,
        largest: { label: worst.label, tokensAt4Bytes: worst.tokensAt4Bytes },
      },
    },
    ...context(startLoad),
  };
}

if (isMain(import.meta.url)) await runStandalone("mcp-tools", run);
