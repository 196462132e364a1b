/** The `grinfi-mcp` command: reads its settings, then serves over stdio or Streamable HTTP on 127.0.0.1. */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { Grinfi, GrinfiError } from "@grinfi/sdk";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { parseConfig, usage, type ServerConfig } from "./config.js";
import { EFFECT_SWITCHES, GUARDED_EFFECTS } from "./effects.js";
import { redactor } from "./errors.js";
import type { OperationSpec } from "./operations.js";
import { createGrinfiMcpServer } from "./server.js";
import { selectOperations, visibleOperations } from "./tools.js";

export const HTTP_HOST = "127.0.0.1";
export const HTTP_PATH = "/mcp";

export interface ProgramInfo {
  name: string;
  version: string;
}

/** Where the server writes for people: standard error, since standard output carries the protocol over stdio. */
const say = (line: string): void => void process.stderr.write(`${line}\n`);

/** Runs the server until it is stopped; resolves to an exit code only when it cannot start (2) or for --help. */
export async function main(
  operations: readonly OperationSpec[],
  argv: readonly string[],
  info: ProgramInfo,
): Promise<number> {
  const result = parseConfig(argv, process.env, operations);
  if ("exit" in result) {
    process.stdout.write(result.exit === "help" ? `${usage(info.name, operations)}\n` : `${info.version}\n`);
    return 0;
  }
  if ("error" in result) {
    say(`${info.name}: ${result.error}\nRun ${info.name} --help for the options.`);
    return 2;
  }
  const { config } = result;
  const redact = redactor(config.apiKey);
  let client: Grinfi;
  try {
    client = new Grinfi({ apiKey: config.apiKey, baseUrl: config.baseUrl, userAgent: `${info.name}/${info.version}` });
  } catch (error) {
    say(`${info.name}: ${redact(error instanceof GrinfiError ? error.message : String(error))}`);
    return 2;
  }
  const offered = selectOperations(operations, config.selection);
  const serverFor = () =>
    createGrinfiMcpServer({
      operations: offered,
      mode: config.mode,
      allowed: config.allowed,
      client,
      secret: config.apiKey,
      info,
      log: (line) => say(`${info.name}: ${line}`),
    });
  say(`${info.name} ${info.version}: ${summary(config, visibleOperations(offered, config.allowed).length)}`);
  if (config.transport.kind === "stdio") {
    await serverFor().connect(new StdioServerTransport());
    return 0;
  }
  return serveHttp(config.transport.port, serverFor, info.name);
}

function summary(config: ServerConfig, count: number): string {
  const allowed = GUARDED_EFFECTS.filter((effect) => config.allowed.has(effect));
  const refused = GUARDED_EFFECTS.filter((effect) => !config.allowed.has(effect))
    .map((effect) => EFFECT_SWITCHES[effect].flag);
  const permissions = allowed.length ? `reads and ${allowed.join(", ")}` : "read-only";
  const until = refused.length ? ` (refused until enabled: ${refused.join(" ")})` : "";
  return `${config.mode} mode, ${count} operations, ${permissions}${until}`;
}

/** A request from this machine's own pages or tools only: Host names the loopback address, Origin (if any) too. */
function isLocal(request: IncomingMessage, port: number): boolean {
  const hosts = [`${HTTP_HOST}:${port}`, `localhost:${port}`];
  const origin = request.headers.origin;
  const originLocal = origin === undefined || hosts.some((host) => origin === `http://${host}`);
  return hosts.includes(request.headers.host ?? "") && originLocal;
}

function reply(response: ServerResponse, status: number, message: string): void {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify({ jsonrpc: "2.0", error: { code: -32000, message }, id: null }));
}

/**
 * Streamable HTTP without sessions: each POST to /mcp gets its own server and transport, so no state is kept
 * between requests. Listens on 127.0.0.1 only and refuses other Host and Origin headers (DNS rebinding).
 */
async function serveHttp(
  port: number,
  serverFor: () => ReturnType<typeof createGrinfiMcpServer>,
  name: string,
): Promise<number> {
  let boundPort = port;
  const http = createServer((request, response) => {
    if (!isLocal(request, boundPort)) return reply(response, 403, "Only requests from this machine are served");
    if (new URL(request.url ?? "/", `http://${HTTP_HOST}`).pathname !== HTTP_PATH) {
      return reply(response, 404, `Not found: use ${HTTP_PATH}`);
    }
    if (request.method !== "POST") {
      return reply(response, 405, "Method not allowed: this server keeps no sessions, send POST");
    }
    const server = serverFor();
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    response.on("close", () => {
      void transport.close();
      void server.close();
    });
    server
      .connect(transport)
      .then(() => transport.handleRequest(request, response))
      .catch(() => {
        if (!response.headersSent) reply(response, 500, "Internal error");
      });
  });
  const listening = await new Promise<boolean>((resolve) => {
    http.once("error", () => resolve(false));
    http.listen(port, HTTP_HOST, () => resolve(true));
  });
  if (!listening) {
    say(`${name}: port ${port} on ${HTTP_HOST} is in use; choose another with --port`);
    return 2;
  }
  const address = http.address();
  if (address && typeof address === "object") boundPort = address.port;
  say(`${name}: Streamable HTTP on http://${HTTP_HOST}:${boundPort}${HTTP_PATH}`);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      http.close(() => resolve());
      http.closeAllConnections();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
  return 0;
}
