/**
 * The generated server as users run it: `@grinfi/mcp` built with its own tsc config, started as a child process and
 * driven with the official MCP client over stdio (and Streamable HTTP), against the mock API.
 */
import { spawn, spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { request as httpRequest } from "node:http";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { encode } from "gpt-tokenizer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { secretSpellings } from "../../generator/mcp-runtime/errors.ts";
import { loadMockApi, startMockServer, type MockServer } from "../../generator/src/mock/index.ts";
import { repoRoot } from "../helpers/spec-fixture.ts";
import { FIXTURE_RECORDINGS, NOBODY, SPEC_DIR } from "../mock/helpers.ts";
import { OPERATIONS } from "../../generated/mcp/src/operations.ts";
import { buildPackages, type BuiltPackages } from "./built-package.ts";

const KEY = "gk_live_MCP_E2E_SECRET_7f3a9c2b";
const MESSAGE = { sender_profile_uuid: "2e8f4a6c-1b3d-4f5e-a7c9-8d0e2f4a6b15", lead_uuid: "3f6c2a1e-8b4d-4c7a-9e2f-1a5b7c9d0e11", text: "Hello" };

let built: BuiltPackages;
let mock: MockServer;
/** Everything any server said: tool results and standard error, checked for the key at the end. */
const said: string[] = [];

beforeAll(async () => {
  built = buildPackages();
  const api = await loadMockApi({ specDir: SPEC_DIR, recordingsDir: FIXTURE_RECORDINGS });
  mock = await startMockServer({ api, faults: [{ path: `/leads/api/leads/${NOBODY}`, kind: "status", status: 404 }] });
}, 240_000);

afterAll(async () => {
  await mock?.close();
  built?.remove();
});

interface Connected {
  client: Client;
  log: () => string;
  close: () => Promise<void>;
}

async function connect(args: string[]): Promise<Connected> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [built.bin, ...args],
    env: { PATH: process.env.PATH ?? "", GRINFI_API_KEY: KEY, GRINFI_BASE_URL: mock.url },
    stderr: "pipe",
  });
  let log = "";
  transport.stderr?.on("data", (chunk: Buffer) => (log += chunk.toString("utf8")));
  const client = new Client({ name: "e2e", version: "1.0.0" });
  await client.connect(transport);
  return {
    client,
    log: () => log,
    close: async () => {
      await client.close();
      said.push(log);
    },
  };
}

/** Calls a tool and returns its text and error flag, keeping the text for the key check. */
async function call(client: Client, name: string, args: Record<string, unknown>): Promise<{ text: string; isError: boolean }> {
  const result = await client.callTool({ name, arguments: args });
  const text = (result.content as { type: string; text: string }[]).map((part) => part.text).join("\n");
  said.push(text);
  return { text, isError: result.isError === true };
}

/** What MCP assumes of a hint a tool leaves out. */
const MCP_DEFAULT_HINTS = { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true };

const requestsTo = (method: string, path: string) => mock.requests.filter((entry) => entry.method === method && entry.path === path);

describe("grinfi-mcp over stdio, against grinfi-codegen mock", { timeout: 60_000 }, () => {
  it("lists three tools in compact mode, under 2,500 tokens (o200k and at 4 bytes a token)", async () => {
    const server = await connect([]);
    try {
      const listed = await server.client.listTools();
      expect(listed.tools.map((tool) => tool.name)).toEqual(["find_operations", "describe_operation", "call_operation"]);
      const text = JSON.stringify(listed);
      expect(Buffer.byteLength(text) / 4).toBeLessThan(2500);
      expect(encode(text).length).toBeLessThan(2500);
      expect(listed.tools.find((tool) => tool.name === "call_operation")?.annotations).toMatchObject({ readOnlyHint: true });
      expect(server.log()).toContain("compact mode, 169 operations, read-only");
    } finally {
      await server.close();
    }
  });

  it("lists one annotated tool per operation in full mode, and only a category's when one is chosen", async () => {
    const all = await connect(["--mode", "full"]);
    try {
      const { tools } = await all.client.listTools();
      expect(tools).toHaveLength(170);
      // The list leaves out the hints MCP assumes when they are absent; read back, they are the effects' four.
      const hints = (name: string) => ({ ...MCP_DEFAULT_HINTS, ...tools.find((tool) => tool.name === name)?.annotations });
      expect(hints("searchContacts")).toMatchObject({ readOnlyHint: true, openWorldHint: false });
      expect(hints("sendLinkedinMessage")).toEqual({ readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true });
      expect(hints("deleteContact")).toMatchObject({ readOnlyHint: false, destructiveHint: true });
      expect(tools.find((tool) => tool.name === "sendLinkedinMessage")?.description).toContain("sends to real people");
    } finally {
      await all.close();
    }
    const messaging = await connect(["--mode", "full", "--category", "Messaging"]);
    try {
      const listed = await messaging.client.listTools();
      expect(listed.tools.map((tool) => tool.name)).toContain("sendEmail");
      expect(listed.tools.map((tool) => tool.name)).not.toContain("searchContacts");
      expect(listed.tools).toHaveLength(27);
    } finally {
      await messaging.close();
    }
  });

  it("lists every single category in full mode within 8,000 tokens, counted with o200k and at 4 bytes a token", async () => {
    const categories = [...new Set(OPERATIONS.map((operation) => operation.category))];
    expect(categories).toEqual(["Account", "CRM", "Outreach", "Messaging", "Browsers", "Integrations"]);
    for (const category of categories) {
      const server = await connect(["--mode", "full", "--category", category]);
      try {
        const text = JSON.stringify(await server.client.listTools());
        expect(Buffer.byteLength(text) / 4, category).toBeLessThanOrEqual(8000);
        expect(encode(text).length, category).toBeLessThanOrEqual(8000);
      } finally {
        await server.close();
      }
    }
  });

  it("calls paginated searches with filters: a query filter in compact mode, a body filter in full mode", async () => {
    const compact = await connect([]);
    try {
      const page = await call(compact.client, "call_operation", {
        name: "listTasks",
        arguments: { limit: 2, offset: 2, filter: { status: ["closed", "in_progress"], executed_at: { ">=": "2026-01-01" } } },
      });
      expect(page.isError, page.text).toBe(false);
      const body = JSON.parse(page.text) as { data: { uuid: string }[]; limit: number; offset: number; total: number };
      expect(body).toMatchObject({ limit: 2, offset: 2, total: 5 });
      expect(body.data).toHaveLength(2);
      expect(requestsTo("GET", "/flows/api/tasks").at(-1)?.status).toBe(200);
    } finally {
      await compact.close();
    }
    const full = await connect(["--mode", "full", "--category", "CRM"]);
    try {
      const found = await call(full.client, "searchContacts", {
        filter: { work_email: "is_not_null", connections_number: { ">=": 500 }, list_uuid: ["0b5f1c2e-3d4a-4b6c-8d9e-0f1a2b3c4d5e"] },
        limit: 1,
      });
      expect(found.isError, found.text).toBe(false);
      expect(JSON.parse(found.text)).toMatchObject({ limit: 1, offset: 0 });
      expect(requestsTo("POST", "/leads/api/leads/search").at(-1)?.status).toBe(200);
    } finally {
      await full.close();
    }
  });

  it("refuses a send without --allow-send, naming the flag, and sends nothing", async () => {
    const server = await connect([]);
    try {
      const before = requestsTo("POST", "/flows/api/linkedin-messages").length;
      const refused = await call(server.client, "call_operation", { name: "sendLinkedinMessage", arguments: MESSAGE });
      expect(refused.isError).toBe(true);
      expect(refused.text).toMatch(/^Refused: sendLinkedinMessage would reach real people/);
      expect(refused.text).toContain("--allow-send");
      expect(refused.text).toContain("GRINFI_MCP_ALLOW_SEND=1");
      expect(requestsTo("POST", "/flows/api/linkedin-messages")).toHaveLength(before);
      expect(server.log()).toContain("sendLinkedinMessage: refused (send)");
    } finally {
      await server.close();
    }
  });

  it("sends with --allow-send", async () => {
    const server = await connect(["--allow-send", "--mode", "full", "--tag", "LinkedIn Messages"]);
    try {
      const sent = await call(server.client, "sendLinkedinMessage", MESSAGE);
      expect(sent.isError, sent.text).toBe(false);
      expect(JSON.parse(sent.text)).toHaveProperty("uuid");
      expect(requestsTo("POST", "/flows/api/linkedin-messages").at(-1)?.status).toBeGreaterThanOrEqual(200);
    } finally {
      await server.close();
    }
  });

  it("offers createApiKey only with --allow-reveal, and then answers the new key", async () => {
    const hidden = await connect(["--allow-write", "--mode", "full", "--tag", "API Keys"]);
    try {
      expect((await hidden.client.listTools()).tools.map((tool) => tool.name)).toEqual(["describe_operation"]);
      const refused = await call(hidden.client, "createApiKey", { name: "crm-sync" });
      expect(refused.isError).toBe(true);
      expect(refused.text).toContain("--allow-reveal");
      expect(requestsTo("POST", "/id/api/jwt-tokens/create-api-key")).toHaveLength(0);
    } finally {
      await hidden.close();
    }
    const revealing = await connect(["--allow-write", "--allow-reveal", "--mode", "full", "--tag", "API Keys"]);
    try {
      const created = await call(revealing.client, "createApiKey", { name: "crm-sync" });
      expect(created.isError, created.text).toBe(false);
      expect(JSON.parse(created.text)).toHaveProperty("last_token");
    } finally {
      await revealing.close();
    }
  });

  it("answers a 404 from the API as a tool error with the API's reason and message", async () => {
    const server = await connect([]);
    try {
      const missing = await call(server.client, "call_operation", { name: "getContact", arguments: { uuid: NOBODY } });
      expect(missing.isError).toBe(true);
      expect(missing.text).toMatch(/^The Grinfi API answered 404 \(not_found\): /);
      expect(requestsTo("GET", `/leads/api/leads/${NOBODY}`).at(-1)?.status).toBe(404);
    } finally {
      await server.close();
    }
  });

  it("checks arguments before sending: an unknown filter field is named, and nothing is sent", async () => {
    const server = await connect(["--mode", "full"]);
    try {
      const before = mock.requests.length;
      const invalid = await call(server.client, "searchContacts", { filter: { emial_status: "ok" } });
      expect(invalid.isError).toBe(true);
      expect(invalid.text).toContain('filter: unknown property "emial_status"; known: ');
      expect(mock.requests).toHaveLength(before);
    } finally {
      await server.close();
    }
  });

  it("never shows the API key, in any spelling, in a tool result or its log", () => {
    expect(said.length).toBeGreaterThan(10);
    const everything = said.join("\n").toLowerCase();
    for (const spelling of secretSpellings(KEY)) expect(everything).not.toContain(spelling.toLowerCase());
  });
});

describe("the published @grinfi/mcp", { timeout: 120_000 }, () => {
  const run = (command: string, args: string[]) =>
    spawnSync(command, args, { cwd: built.mcpDir, encoding: "utf8", timeout: 120_000, env: { ...process.env, NO_COLOR: "1" } });

  it("passes publint", () => {
    const result = run(join(repoRoot, "node_modules", ".bin", "publint"), ["."]);
    expect(result.status, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain("All good!");
  });

  it("type-checks the code of its README against the built package", () => {
    const readme = readFileSync(join(built.mcpDir, "README.md"), "utf8");
    const snippet = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(snippet).toContain("createGrinfiMcpServer");
    writeFileSync(join(built.mcpDir, "readme-snippet.ts"), snippet!);
    const options = ["--noEmit", "--strict", "--module", "nodenext", "--moduleResolution", "nodenext", "--target", "es2022", "--types", "node", "--skipLibCheck"];
    const result = run(join(repoRoot, "node_modules", ".bin", "tsc"), [...options, "readme-snippet.ts"]);
    expect(result.stdout + result.stderr).toBe("");
  });

  it("packs the built server, its README, CHANGELOG and package.json, and no sources", () => {
    const result = run("npm", ["pack", "--dry-run", "--json"]);
    expect(result.status, result.stderr).toBe(0);
    const [pack] = JSON.parse(result.stdout) as { files: { path: string }[] }[];
    const paths = pack!.files.map((file) => file.path);
    expect(paths.filter((path) => !path.startsWith("dist/") && !["README.md", "CHANGELOG.md", "package.json"].includes(path))).toEqual([]);
    expect(paths).toEqual(expect.arrayContaining(["dist/bin.js", "dist/index.js", "dist/index.d.ts", "dist/core/server.js"]));
  });
});

describe("grinfi-mcp --http", { timeout: 60_000 }, () => {
  it("serves Streamable HTTP on 127.0.0.1 and refuses requests for another host", async () => {
    const child = spawn(process.execPath, [built.bin, "--http", "--port", "0"], {
      env: { PATH: process.env.PATH ?? "", GRINFI_API_KEY: KEY, GRINFI_BASE_URL: mock.url },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let log = "";
    child.stderr.on("data", (chunk: Buffer) => (log += chunk.toString("utf8")));
    try {
      // Waits for the address as the server prints it, or for its exit: no clock of its own, so a busy machine that
      // takes long to start the server only uses up the test's timeout.
      const url = await new Promise<string | undefined>((resolve) => {
        const find = (): void => {
          const found = /Streamable HTTP on (http:\/\/127\.0\.0\.1:\d+\/mcp)/.exec(log)?.[1];
          if (found) resolve(found);
        };
        child.stderr.on("data", find);
        child.on("exit", () => resolve(undefined));
        find();
      });
      expect(url, log).toBeDefined();
      const client = new Client({ name: "e2e-http", version: "1.0.0" });
      await client.connect(new StreamableHTTPClientTransport(new URL(url!)));
      expect((await client.listTools()).tools).toHaveLength(3);
      const found = await call(client, "find_operations", { query: "send a linkedin message" });
      expect(found.text.split("\n")[0]).toMatch(/^sendLinkedinMessage: /);
      await client.close();

      const status = await new Promise<number | undefined>((resolve, reject) => {
        const target = new URL(url!);
        const request = httpRequest({ host: target.hostname, port: target.port, path: target.pathname, method: "POST", headers: { host: "evil.example", "content-type": "application/json" } }, (response) => {
          response.resume();
          resolve(response.statusCode);
        });
        request.on("error", reject);
        request.end("{}");
      });
      expect(status).toBe(403);
    } finally {
      child.kill("SIGTERM");
      await new Promise((resolve) => child.on("exit", resolve));
      said.push(log);
      expect(log).not.toContain(KEY);
    }
  });
});
