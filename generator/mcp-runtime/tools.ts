/**
 * The tool lists of the two modes, as `tools/list` answers them. Pure: the generator also calls these to print the
 * token figures in the package's README.
 */
import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import {
  annotationsFor,
  effectNote,
  GUARDED_EFFECTS,
  HIDDEN_UNTIL_ALLOWED,
  listedAnnotations,
  type GuardedEffect,
} from "./effects.js";
import { listedSchema } from "./listing.js";
import type { OperationSpec } from "./operations.js";

/** `compact`: three tools to find, describe and call any operation. `full`: one tool per operation, and describe. */
export type Mode = "compact" | "full";
export const MODES: readonly Mode[] = ["compact", "full"];

export const FIND_TOOL = "find_operations";
export const DESCRIBE_TOOL = "describe_operation";
export const CALL_TOOL = "call_operation";

/** Which operations the server offers: those in any of `categories` or of `tags`; everything when both are empty. */
export interface Selection {
  categories: readonly string[];
  tags: readonly string[];
}

export function selectOperations(operations: readonly OperationSpec[], selection: Selection): OperationSpec[] {
  if (selection.categories.length === 0 && selection.tags.length === 0) return [...operations];
  return operations.filter(
    (operation) => selection.categories.includes(operation.category) || selection.tags.includes(operation.tag),
  );
}

/** The operations a server with these switches lists: those an effect hides until it is allowed are left out. */
export function visibleOperations(
  operations: readonly OperationSpec[],
  allowed: ReadonlySet<GuardedEffect>,
): OperationSpec[] {
  const hidden = HIDDEN_UNTIL_ALLOWED.filter((effect) => !allowed.has(effect));
  return operations.filter((operation) => !hidden.some((effect) => operation.effects.includes(effect)));
}

/** The categories of the offered operations with their tags, in the operations' order: "CRM: Contacts, Lists". */
export function areas(operations: readonly OperationSpec[]): string[] {
  const tagsByCategory = new Map<string, string[]>();
  for (const operation of operations) {
    const tags = tagsByCategory.get(operation.category) ?? [];
    if (!tags.includes(operation.tag)) tags.push(operation.tag);
    tagsByCategory.set(operation.category, tags);
  }
  return [...tagsByCategory].map(([category, tags]) => `${category}: ${tags.join(", ")}`);
}

/** The summary, and what the call does beyond reading: short, for a model choosing a tool. */
export function toolDescription(operation: OperationSpec): string {
  return [`${operation.summary}.`, effectNote(operation.effects)].filter(Boolean).join(" ");
}

const READ_ONLY = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };

function describeTool(nameIs: string): Tool {
  return {
    name: DESCRIBE_TOOL,
    description:
      "What an operation does and must be given (each argument explained), its effects, and whether this server " +
      "allows it.",
    inputSchema: {
      type: "object",
      properties: { name: { type: "string", description: nameIs } },
      required: ["name"],
      additionalProperties: false,
    },
    annotations: READ_ONLY,
  };
}

/**
 * Full mode: one tool per operation, named by its operationId, described by its summary and effects. To keep the
 * list small its schemas carry no descriptions and write repeated shapes once, and the largest show only their top
 * level; `describe_operation` gives an operation's whole schema and documentation.
 */
export function fullTools(operations: readonly OperationSpec[]): Tool[] {
  return [
    ...operations.map((operation): Tool => {
      const listed = listedSchema(operation.inputSchema);
      const note = listed.abridged ? ` Arguments abridged: ${DESCRIBE_TOOL} gives their full schema.` : "";
      return {
        name: operation.name,
        description: `${toolDescription(operation)}${note}`,
        inputSchema: { ...listed.schema, type: "object" },
        annotations: listedAnnotations(annotationsFor(operation.effects, operation.method)),
      };
    }),
    describeTool("The name of one of this server's other tools."),
  ];
}

/** Compact mode: find, describe, call. `allowed` shapes the call tool's annotations (what it can do at most). */
export function compactTools(operations: readonly OperationSpec[], allowed: ReadonlySet<GuardedEffect>): Tool[] {
  const categories = [...new Set(operations.map((operation) => operation.category))];
  const canDo = GUARDED_EFFECTS.filter((effect) => allowed.has(effect));
  return [
    {
      name: FIND_TOOL,
      description:
        `Find Grinfi API operations (LinkedIn and email outreach CRM) by keywords, e.g. "search contacts" or "send ` +
        `linkedin message". Answers names, summaries and effects; then ${DESCRIBE_TOOL} and ${CALL_TOOL}. ` +
        `Areas: ${areas(operations).join("; ")}.`,
      inputSchema: {
        type: "object",
        properties: {
          query: { type: "string", description: "Words describing the task; empty lists every operation." },
          category: { type: "string", enum: categories },
          limit: { type: "integer", minimum: 1, maximum: 50, default: 10 },
        },
        additionalProperties: false,
      },
      annotations: READ_ONLY,
    },
    describeTool(`An operation name from ${FIND_TOOL}.`),
    {
      name: CALL_TOOL,
      description:
        `Call an operation with arguments matching its schema from ${DESCRIBE_TOOL}. ` +
        `Answers the API's JSON; calls with effects this server does not allow are refused.`,
      inputSchema: {
        type: "object",
        properties: {
          name: { type: "string", description: `An operation name from ${FIND_TOOL}.` },
          arguments: { type: "object", description: "The operation's arguments." },
        },
        required: ["name"],
        additionalProperties: false,
      },
      annotations: {
        readOnlyHint: canDo.length === 0,
        destructiveHint: canDo.includes("destroy"),
        idempotentHint: false,
        openWorldHint: canDo.includes("send") || canDo.includes("spend"),
      },
    },
  ];
}

/** The `tools/list` answer for a mode, as sent on the wire: the visible operations' tools. */
export function listTools(
  mode: Mode,
  operations: readonly OperationSpec[],
  allowed: ReadonlySet<GuardedEffect>,
): { tools: Tool[] } {
  const visible = visibleOperations(operations, allowed);
  return { tools: mode === "compact" ? compactTools(visible, allowed) : fullTools(visible) };
}
