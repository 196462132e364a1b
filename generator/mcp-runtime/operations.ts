import type { Effect } from "./effects.js";

export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;
export type JsonObject = { [key: string]: JsonValue };

/** Where a tool argument goes in the HTTP request. */
export type ArgumentPlace = "path" | "query" | "body";

/** One API operation as the MCP server offers it. The generated `operations.ts` lists every one. */
export interface OperationSpec {
  /** The spec's operationId; also the tool's name. */
  name: string;
  summary: string;
  /** The spec's whole description (what `describe_operation` shows). */
  description: string;
  /** The spec's tag (the SDK resource) and the category it sits in. */
  tag: string;
  category: string;
  method: "GET" | "POST" | "PUT" | "DELETE" | "PATCH";
  /** Path template with `{name}` parameters. */
  path: string;
  effects: readonly Effect[];
  /** Where each argument other than `filter` goes. */
  arguments: Readonly<Record<string, ArgumentPlace>>;
  /** How the `filter` argument is sent, when the operation takes one (as the SDK sends it). */
  filter?: "body" | "query" | "query-json";
  /** Whether the operation takes a JSON body; an optional one is sent only when an argument goes in it. */
  body?: "required" | "optional";
  /** JSON Schema of the arguments (`type: object`), derived from the spec's parameters and request body. */
  inputSchema: JsonObject;
  /** Names of the answer's properties that hold secrets (`format: password` in the spec), withheld unless revealed. */
  secrets?: readonly string[];
}
