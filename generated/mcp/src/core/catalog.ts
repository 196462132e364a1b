/** Compact mode's catalogue: finding operations by words, and describing one in full. */
import { blockedEffects, EFFECT_SWITCHES, type GuardedEffect } from "./effects.js";
import type { OperationSpec } from "./operations.js";

/** Words that say nothing about which operation is meant. */
const STOP_WORDS = new Set([
  "a", "an", "the", "of", "to", "by", "for", "in", "on", "and", "or", "with", "from", "my", "all", "me", "i",
]);

/** The API's own names for some things people call otherwise. */
const SYNONYMS: Readonly<Record<string, string>> = {
  lead: "contact",
  people: "contact",
  person: "contact",
  prospect: "contact",
  flow: "automation",
  campaign: "automation",
  sequence: "automation",
  remove: "delete",
  dm: "message",
  mail: "email",
  inbox: "message",
  seat: "browser",
};

/** Lower case, camelCase split (LinkedIn stays one word), plurals folded, synonyms mapped. */
export function words(text: string): string[] {
  return text
    .replace(/linkedin/gi, "linkedin")
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word && !STOP_WORDS.has(word))
    .map((word) => (word.length > 3 && word.endsWith("ies") ? `${word.slice(0, -3)}y` : word))
    .map((word) => (word.length > 3 && word.endsWith("s") && !word.endsWith("ss") ? word.slice(0, -1) : word))
    .map((word) => SYNONYMS[word] ?? word);
}

interface Indexed {
  operation: OperationSpec;
  /** Each word with the weight of the most telling place it appears in. */
  weights: Map<string, number>;
}

function index(operation: OperationSpec): Indexed {
  const weights = new Map<string, number>();
  const add = (text: string, weight: number) => {
    for (const word of words(text)) weights.set(word, Math.max(weights.get(word) ?? 0, weight));
  };
  add(operation.description, 1);
  add(operation.path, 2);
  add(`${operation.category} ${operation.tag}`, 3);
  add(`${operation.name} ${operation.summary}`, 4);
  return { operation, weights };
}

const indexes = new WeakMap<readonly OperationSpec[], Indexed[]>();

/**
 * The operations that best match the words of `query` (each word scores where it appears: name and summary
 * highest, then tag, path, description); ties keep the catalogue's order. An empty query lists them all.
 */
export function findOperations(operations: readonly OperationSpec[], query: string, limit: number): OperationSpec[] {
  const wanted = [...new Set(words(query))];
  if (wanted.length === 0) return operations.slice(0, limit);
  let indexed = indexes.get(operations);
  if (!indexed) indexes.set(operations, (indexed = operations.map(index)));
  return indexed
    .map((entry) => ({ entry, score: wanted.reduce((sum, word) => sum + (entry.weights.get(word) ?? 0), 0) }))
    .filter(({ score }) => score > 0)
    .sort((a, b) => b.score - a.score)
    .slice(0, limit)
    .map(({ entry }) => entry.operation);
}

/** One line per operation: `name: summary [effects]`. */
export function operationLine(operation: OperationSpec): string {
  const effects = operation.effects.join(", ");
  return `${operation.name}: ${operation.summary} [${effects}]`;
}

/** Whether the server lets the call through, and if not which switches would. */
export function permission(operation: OperationSpec, allowed: ReadonlySet<GuardedEffect>): string {
  const blocked = blockedEffects(operation.effects, allowed);
  if (blocked.length === 0) return "Allowed on this server.";
  const switches = blocked.map((effect) => `${EFFECT_SWITCHES[effect].flag} (${EFFECT_SWITCHES[effect].env}=1)`);
  return `Refused on this server until enabled with ${switches.join(" and ")}.`;
}

/** Everything a model needs to call one operation well. */
export function describeOperation(operation: OperationSpec, allowed: ReadonlySet<GuardedEffect>): string {
  return [
    `${operation.name}: ${operation.summary} (${operation.category} / ${operation.tag})`,
    `${operation.method} ${operation.path}`,
    `Effects: ${operation.effects.join(", ")}. ${permission(operation, allowed)}`,
    "",
    operation.description,
    "",
    `Arguments (JSON Schema): ${JSON.stringify(operation.inputSchema)}`,
  ].join("\n");
}
