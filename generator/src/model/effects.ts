/**
 * `x-effects`: what an operation does in the world (spec/README.md, "Side effects"). Read here for the model and
 * by the `operation-x-effects` lint rule, so that both accept and refuse the same values.
 */

/** In the order the spec and every output list them. */
export const EFFECTS = ["read", "write", "send", "spend", "destroy"] as const;
export type Effect = (typeof EFFECTS)[number];

export interface EffectFinding {
  pointer: string;
  message: string;
  hint: string;
}

const HINT = `write x-effects: [read], or a list of what the call can do among ${EFFECTS.slice(1).join(", ")}`;

const isEffect = (value: unknown): value is Effect => (EFFECTS as readonly unknown[]).includes(value);

/**
 * Reads one operation's `x-effects` (found at `pointer`). Absent gives no effects and no finding: that every
 * operation has one is the lint rule's to say. The effects come back in the order of {@link EFFECTS}.
 */
export function readEffects(value: unknown, pointer: string): { effects: Effect[] | undefined; findings: EffectFinding[] } {
  if (value === undefined) return { effects: undefined, findings: [] };
  if (!Array.isArray(value) || value.length === 0) {
    return { effects: undefined, findings: [{ pointer, message: "x-effects must be a non-empty list", hint: HINT }] };
  }
  const findings: EffectFinding[] = [];
  const seen = new Set<Effect>();
  value.forEach((item, index) => {
    const at = `${pointer}/${index}`;
    if (!isEffect(item)) {
      findings.push({ pointer: at, message: `x-effects value ${JSON.stringify(item)} is not one of ${EFFECTS.join(", ")}`, hint: HINT });
    } else if (seen.has(item)) {
      findings.push({ pointer: at, message: `x-effects lists "${item}" twice`, hint: "list each effect once" });
    } else {
      seen.add(item);
    }
  });
  if (seen.has("read") && seen.size > 1) {
    findings.push({
      pointer,
      message: `x-effects lists "read" with ${[...seen].filter((e) => e !== "read").join(", ")}: "read" means the call changes nothing`,
      hint: "drop read, or the others if the call really only reads",
    });
  }
  if (findings.length) return { effects: undefined, findings };
  return { effects: EFFECTS.filter((effect) => seen.has(effect)), findings };
}

const PHRASES: Record<Exclude<Effect, "read">, string> = {
  write: "changes data in the Grinfi workspace",
  send: "reaches real people or outside systems (messages, emails, connection requests, HTTP deliveries, directly or "
    + "through automation steps), which cannot be taken back",
  spend: "may spend the team's credits",
  destroy: "deletes or archives data",
};

/** One sentence for documentation: "Side effects: changes data in the Grinfi workspace; may spend the team's credits." */
export function effectSentence(effects: readonly Effect[]): string {
  if (effects.length === 1 && effects[0] === "read") return "Side effects: none, it only reads.";
  const phrases = effects.flatMap((effect) => (effect === "read" ? [] : [PHRASES[effect]]));
  return `Side effects: ${phrases.join("; ")}.`;
}
