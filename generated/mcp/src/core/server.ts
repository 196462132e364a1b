/**
 * The MCP server: `tools/list` and `tools/call` over the operation table, calling the API through the SDK's
 * transport (its retries, rate limiter and typed errors). Built on the SDK's low-level `Server` because the tools'
 * input schemas are JSON Schema taken from the spec, not zod schemas.
 */
import type { Grinfi } from "@grinfi/sdk";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { CallToolRequestSchema, ListToolsRequestSchema, type CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { ArgumentChecker } from "./arguments.js";
import { describeOperation, findOperations, operationLine } from "./catalog.js";
import { EFFECT_SWITCHES, GUARDED_EFFECTS, refusal, type GuardedEffect } from "./effects.js";
import { describeError, redactor } from "./errors.js";
import type { OperationSpec } from "./operations.js";
import { toApiRequest } from "./request.js";
import { withheldNote, withholdSecrets } from "./secrets.js";
import { CALL_TOOL, DESCRIBE_TOOL, FIND_TOOL, listTools, visibleOperations, type Mode } from "./tools.js";

export interface GrinfiMcpOptions {
  /** The operations this server offers (already narrowed to the selected categories and tags). */
  operations: readonly OperationSpec[];
  mode: Mode;
  /** The effects besides reading that calls may have. */
  allowed: ReadonlySet<GuardedEffect>;
  /** An SDK client; only its transport is used. */
  client: Pick<Grinfi, "transport">;
  /** The API key, so that no spelling of it ever leaves in a result or a log line. */
  secret?: string | undefined;
  info: { name: string; version: string };
  /** One line per tool call (already redacted); default: nothing. */
  log?: ((line: string) => void) | undefined;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * The filter language, said once here rather than in each of the forty-odd filter arguments: full mode lists a
 * filter's fields and their types, `describe_operation` each field's exact schema.
 */
export const FILTER_LANGUAGE =
  "A filter argument holds conditions that must all hold: each field takes a value (equals), a list (any of), " +
  'an object {operator: value} (=, !=, <> on any field; <, <=, >, >= on numbers and dates), or "is_null" / ' +
  '"is_not_null" where the field can be empty.';

/** What the server tells the client about itself, once, at initialisation. */
export function instructions(allowed: ReadonlySet<GuardedEffect>, filters = false): string {
  const on = GUARDED_EFFECTS.filter((effect) => allowed.has(effect));
  const off = GUARDED_EFFECTS.filter((effect) => !allowed.has(effect)).map((effect) => EFFECT_SWITCHES[effect].flag);
  const refused = `Calls needing ${off.join(", ")} are refused; only the person running the server can enable them.`;
  return [
    "Grinfi API (LinkedIn and email outreach CRM).",
    `Allowed besides reading: ${on.length ? on.join(", ") : "nothing"}.`,
    ...(off.length ? [refused] : []),
    ...(filters ? [FILTER_LANGUAGE] : []),
  ].join(" ");
}

export function createGrinfiMcpServer(options: GrinfiMcpOptions): Server {
  const { operations, mode, allowed, client } = options;
  const redact = redactor(options.secret);
  const log = (line: string): void => options.log?.(redact(line));
  // Hidden operations are not listed nor found, but a call by name is answered with the refusal naming the flag.
  const byName = new Map(operations.map((operation) => [operation.name, operation]));
  const visible = visibleOperations(operations, allowed);
  const checker = new ArgumentChecker();
  const tools = listTools(mode, operations, allowed);

  const text = (body: string, isError = false): CallToolResult => ({
    content: [{ type: "text", text: redact(body) }],
    ...(isError && { isError: true }),
  });

  async function call(operation: OperationSpec, args: unknown, signal: AbortSignal): Promise<CallToolResult> {
    const refused = refusal(operation.name, operation.effects, allowed);
    if (refused) {
      log(`${operation.name}: refused (${operation.effects.join(", ")})`);
      return text(refused, true);
    }
    const given = args ?? {};
    const invalid = checker.check(operation, given);
    if (invalid || !isObject(given)) {
      log(`${operation.name}: invalid arguments`);
      return text(invalid ?? `Invalid arguments for ${operation.name}: an object is expected`, true);
    }
    try {
      const request = toApiRequest(operation, given);
      const options = { ...request.options, signal };
      const { data, response } = await client.transport.request<unknown>(request.method, request.path, options);
      log(`${operation.name}: ${response.status}`);
      if (data === undefined) return text(`Done: the API answered ${response.status} with no content.`);
      if (allowed.has("reveal") || !operation.secrets?.length) return text(JSON.stringify(data));
      const { data: shown, fields, values } = withholdSecrets(data, operation.secrets);
      if (fields.length === 0) return text(JSON.stringify(shown));
      const answer = values.reduce((withheld, value) => redactor(value)(withheld), JSON.stringify(shown));
      return text(`${answer}\n${withheldNote(fields)}`);
    } catch (error) {
      const status = isObject(error) && typeof error["status"] === "number" ? error["status"] : "failed";
      log(`${operation.name}: ${status}`);
      return text(describeError(error), true);
    }
  }

  function find(args: Record<string, unknown>): CallToolResult {
    const query = typeof args["query"] === "string" ? args["query"] : "";
    const category = typeof args["category"] === "string" ? args["category"] : undefined;
    const asked = args["limit"];
    const limit = typeof asked === "number" && asked >= 1 ? Math.min(Math.floor(asked), 50) : 10;
    const pool = category ? visible.filter((operation) => operation.category === category) : visible;
    const found = findOperations(pool, query, limit);
    if (found.length === 0) {
      return text(`No operation matches "${query}". Try other words, or an empty query to list them all.`);
    }
    return text(found.map(operationLine).join("\n"));
  }

  function lookUp(name: unknown): OperationSpec | CallToolResult {
    const operation = typeof name === "string" ? byName.get(name) : undefined;
    const hint = mode === "compact" ? `; use ${FIND_TOOL} to find one` : "; the tool list names them all";
    return operation ?? text(`No operation named ${JSON.stringify(name)} on this server${hint}.`, true);
  }

  const filters = visible.some((operation) => operation.filter !== undefined);
  const server = new Server(options.info, {
    capabilities: { tools: {} },
    instructions: instructions(allowed, filters),
  });
  server.setRequestHandler(ListToolsRequestSchema, () => tools);
  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const { name, arguments: args = {} } = request.params;
    if (name === DESCRIBE_TOOL) {
      const found = lookUp(args["name"]);
      return "content" in found ? found : text(describeOperation(found, allowed));
    }
    if (mode === "full") {
      const operation = byName.get(name);
      return operation ? call(operation, args, extra.signal) : text(`Unknown tool ${JSON.stringify(name)}.`, true);
    }
    if (name === FIND_TOOL) return find(args);
    if (name === CALL_TOOL) {
      const found = lookUp(args["name"]);
      return "content" in found ? found : call(found, args["arguments"], extra.signal);
    }
    const tools = `${FIND_TOOL}, ${DESCRIBE_TOOL} and ${CALL_TOOL}`;
    return text(`Unknown tool ${JSON.stringify(name)}; this server has ${tools}.`, true);
  });
  return server;
}
