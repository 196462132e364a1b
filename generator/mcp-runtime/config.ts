/** The server's settings, from command-line flags and environment variables (a flag wins over its variable). */
import { parseArgs } from "node:util";
import { EFFECT_SWITCHES, GUARDED_EFFECTS, type GuardedEffect } from "./effects.js";
import type { OperationSpec } from "./operations.js";
import { MODES, type Mode, type Selection } from "./tools.js";

export const DEFAULT_HTTP_PORT = 3333;

export interface ServerConfig {
  mode: Mode;
  selection: Selection;
  allowed: Set<GuardedEffect>;
  /** Standard input and output, or Streamable HTTP on 127.0.0.1. */
  transport: { kind: "stdio" } | { kind: "http"; port: number };
  apiKey: string;
  baseUrl: string | undefined;
}

export type ConfigResult = { config: ServerConfig } | { exit: "help" | "version" } | { error: string };

type Env = Readonly<Record<string, string | undefined>>;

const TRUE = /^(1|true|yes|on)$/i;
const list = (text: string | undefined): string[] => (text ?? "").split(",").map((item) => item.trim()).filter(Boolean);

export function usage(name: string, operations: readonly OperationSpec[]): string {
  const categories = [...new Set(operations.map((operation) => operation.category))];
  const tags = [...new Set(operations.map((operation) => operation.tag))];
  const effects = GUARDED_EFFECTS.map((effect) => {
    const { flag, env, lets } = EFFECT_SWITCHES[effect];
    return `  ${flag.padEnd(16)} ${env.padEnd(25)} ${lets}`;
  });
  return [
    `Usage: ${name} [options]   (GRINFI_API_KEY must be set)`,
    "",
    "Read-only by default. Each of these lets calls with that effect through:",
    ...effects,
    "",
    "  --mode compact|full   GRINFI_MCP_MODE        compact (default): find, describe and call tools;",
    "                                               full: one tool per operation",
    "  --category NAME       GRINFI_MCP_CATEGORIES  offer only these categories (repeat, or comma-separated)",
    "  --tag NAME            GRINFI_MCP_TAGS        offer only these tags (repeat, or comma-separated)",
    "  --http                GRINFI_MCP_HTTP        serve Streamable HTTP on 127.0.0.1 instead of stdio",
    `  --port N              GRINFI_MCP_PORT        the HTTP port (default ${DEFAULT_HTTP_PORT})`,
    "  --base-url URL        GRINFI_BASE_URL        the API's address (default https://leadgen.grinfi.io)",
    "  --help, --version",
    "",
    `Categories: ${categories.join(", ")}`,
    `Tags: ${tags.join(", ")}`,
  ].join("\n");
}

export function parseConfig(argv: readonly string[], env: Env, operations: readonly OperationSpec[]): ConfigResult {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        mode: { type: "string" },
        category: { type: "string", multiple: true },
        tag: { type: "string", multiple: true },
        http: { type: "boolean" },
        port: { type: "string" },
        "base-url": { type: "string" },
        "allow-write": { type: "boolean" },
        "allow-send": { type: "boolean" },
        "allow-spend": { type: "boolean" },
        "allow-destroy": { type: "boolean" },
        "allow-reveal": { type: "boolean" },
        help: { type: "boolean" },
        version: { type: "boolean" },
      },
    });
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
  const { values } = parsed;
  if (values.help) return { exit: "help" };
  if (values.version) return { exit: "version" };

  const mode = values.mode ?? env["GRINFI_MCP_MODE"] ?? "compact";
  if (!(MODES as readonly string[]).includes(mode)) {
    return { error: `--mode must be ${MODES.join(" or ")}, not "${mode}"` };
  }

  const categories = (values.category ?? list(env["GRINFI_MCP_CATEGORIES"])).flatMap((item) => list(item));
  const tags = (values.tag ?? list(env["GRINFI_MCP_TAGS"])).flatMap((item) => list(item));
  const knownCategories = new Set(operations.map((operation) => operation.category));
  const knownTags = new Set(operations.map((operation) => operation.tag));
  const unknownCategory = categories.find((category) => !knownCategories.has(category));
  if (unknownCategory) {
    return { error: `no category "${unknownCategory}"; the categories are ${[...knownCategories].join(", ")}` };
  }
  const unknownTag = tags.find((tag) => !knownTags.has(tag));
  if (unknownTag) return { error: `no tag "${unknownTag}"; the tags are ${[...knownTags].join(", ")}` };

  const allowed = new Set<GuardedEffect>();
  for (const effect of GUARDED_EFFECTS) {
    const flag = values[`allow-${effect}`];
    if (flag ?? TRUE.test(env[EFFECT_SWITCHES[effect].env] ?? "")) allowed.add(effect);
  }

  const http = values.http ?? TRUE.test(env["GRINFI_MCP_HTTP"] ?? "");
  const portText = values.port ?? env["GRINFI_MCP_PORT"] ?? String(DEFAULT_HTTP_PORT);
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    return { error: `--port must be a port number, not "${portText}"` };
  }

  const apiKey = env["GRINFI_API_KEY"];
  if (!apiKey) return { error: "GRINFI_API_KEY is not set: the server needs a Grinfi API key in its environment" };

  return {
    config: {
      mode: mode === "full" ? "full" : "compact",
      selection: { categories, tags },
      allowed,
      transport: http ? { kind: "http", port } : { kind: "stdio" },
      apiKey,
      baseUrl: values["base-url"] ?? env["GRINFI_BASE_URL"],
    },
  };
}
