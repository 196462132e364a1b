/**
 * What a call does in the world (the spec's `x-effects`), which of those the server lets through, and the MCP
 * annotations that follow from them.
 */

export type Effect = "read" | "write" | "send" | "spend" | "destroy" | "reveal";
/** The effects that must be switched on: everything but `read`. */
export type GuardedEffect = Exclude<Effect, "read">;

export const GUARDED_EFFECTS: readonly GuardedEffect[] = ["write", "send", "spend", "destroy", "reveal"];

/**
 * Effects whose operations are not even offered until they are switched on: a call that reveals a secret (a new API
 * key, a sign-in link) exists to put that secret in the answer, and so in the model's context, where a prompt
 * injection could make the assistant pass it on. Hidden, the model does not try them; called by name, they are
 * refused like any other.
 */
export const HIDDEN_UNTIL_ALLOWED: readonly GuardedEffect[] = ["reveal"];

/** How each guarded effect is switched on, and what it lets the assistant do. */
export const EFFECT_SWITCHES: Readonly<Record<GuardedEffect, { flag: string; env: string; lets: string }>> = {
  write: { flag: "--allow-write", env: "GRINFI_MCP_ALLOW_WRITE", lets: "create and change workspace data" },
  send: {
    flag: "--allow-send",
    env: "GRINFI_MCP_ALLOW_SEND",
    lets: "reach real people or outside systems (messages, emails, connection requests, webhooks, running automations)",
  },
  spend: {
    flag: "--allow-spend",
    env: "GRINFI_MCP_ALLOW_SPEND",
    lets: "spend the team's credits (enrichment, automation steps)",
  },
  destroy: { flag: "--allow-destroy", env: "GRINFI_MCP_ALLOW_DESTROY", lets: "delete and archive data" },
  reveal: {
    flag: "--allow-reveal",
    env: "GRINFI_MCP_ALLOW_REVEAL",
    lets: "see secrets the API answers (new API keys, sign-in links, saved passwords)",
  },
};

/** Words for a tool description: what a call does beyond reading. */
const EFFECT_WORDS: Readonly<Record<GuardedEffect, string>> = {
  write: "writes",
  send: "sends to real people",
  spend: "spends credits",
  destroy: "deletes",
  reveal: "answers a secret",
};

/**
 * The effects to act on: the declared ones, or every guarded effect when none is declared. Generate refuses an
 * operation without `x-effects`; a table written by hand could still leave them out, and must not be let through.
 */
const actual = (effects: readonly Effect[]): readonly Effect[] => (effects.length > 0 ? effects : GUARDED_EFFECTS);

/** A call that changes nothing: it reads (and may answer a secret, which changes nothing either). */
export const isReadOnly = (effects: readonly Effect[]): boolean =>
  actual(effects).every((effect) => effect === "read" || effect === "reveal");

/** "Effects: writes, sends to real people." for a tool description; empty for a read. */
export function effectNote(effects: readonly Effect[]): string {
  const words = effects.flatMap((effect) => (effect === "read" ? [] : [EFFECT_WORDS[effect]]));
  return words.length ? `Effects: ${words.join(", ")}.` : "";
}

/** The effects of a call that are not switched on, in the order of {@link GUARDED_EFFECTS}. */
export function blockedEffects(effects: readonly Effect[], allowed: ReadonlySet<GuardedEffect>): GuardedEffect[] {
  return GUARDED_EFFECTS.filter((effect) => actual(effects).includes(effect) && !allowed.has(effect));
}

/** The tool error for a call whose effects are not all switched on; undefined when the call may go ahead. */
export function refusal(
  operation: string,
  effects: readonly Effect[],
  allowed: ReadonlySet<GuardedEffect>,
): string | undefined {
  const blocked = blockedEffects(effects, allowed);
  if (blocked.length === 0) return undefined;
  const switches = blocked.map((effect) => EFFECT_SWITCHES[effect]);
  return (
    `Refused: ${operation} would ${blocked.map((effect) => EFFECT_SWITCHES[effect].lets).join("; and ")}, ` +
    `and this server does not allow that. The person running it can enable it with ` +
    `${switches.map((s) => s.flag).join(" ")} (or ${switches.map((s) => `${s.env}=1`).join(" ")}).`
  );
}

/** MCP tool annotations (all four hints) derived from the effects and the HTTP method. */
export interface EffectAnnotations {
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
  openWorldHint: boolean;
}

/**
 * - readOnlyHint: the call only reads.
 * - destructiveHint: it can delete or archive data (`destroy`); an update that overwrites fields is a `write`.
 * - idempotentHint: repeating it changes nothing more: every read, and PUT and DELETE unless they send (a repeated
 *   send may reach the person twice).
 * - openWorldHint: it reaches beyond the Grinfi workspace: people, third-party URLs, paid data providers.
 */
export function annotationsFor(declared: readonly Effect[], method: string): EffectAnnotations {
  const effects = actual(declared);
  return {
    readOnlyHint: isReadOnly(effects),
    destructiveHint: effects.includes("destroy"),
    idempotentHint: isReadOnly(effects) || (["PUT", "DELETE"].includes(method) && !effects.includes("send")),
    openWorldHint: effects.includes("send") || effects.includes("spend"),
  };
}

/** The value MCP gives each hint a tool leaves out (its `ToolAnnotations` defaults). */
const HINT_DEFAULTS: EffectAnnotations = {
  readOnlyHint: false,
  destructiveHint: true,
  idempotentHint: false,
  openWorldHint: true,
};

/**
 * The hints as full mode lists them, one tool per operation: those that differ from MCP's defaults, and for a
 * read-only tool not the two MCP considers only when a tool is not read-only. A client reads the same four values.
 * A tool whose hints are all the defaults (it may destroy, reach out, and is not safe to repeat) still says
 * `readOnlyHint: false`, so that no tool looks unannotated.
 */
export function listedAnnotations(annotations: EffectAnnotations): Partial<EffectAnnotations> {
  const keys = (Object.keys(HINT_DEFAULTS) as (keyof EffectAnnotations)[]).filter(
    (key) =>
      annotations[key] !== HINT_DEFAULTS[key] &&
      !(annotations.readOnlyHint && (key === "destructiveHint" || key === "idempotentHint")),
  );
  if (keys.length === 0) keys.push("readOnlyHint");
  return Object.fromEntries(keys.map((key) => [key, annotations[key]]));
}
