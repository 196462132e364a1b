/**
 * Secrets in answers (the spec marks them `format: password`: saved passwords, keys, sign-in codes) are kept out of
 * the model's context unless `reveal` is switched on: anything in the context can be repeated, e.g. into a message
 * a prompt injection asked for.
 */
import { EFFECT_SWITCHES } from "./effects.js";

/** What a withheld value becomes in the answer. */
export const WITHHELD = "[withheld]";

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

export interface Withheld {
  data: unknown;
  /** The names of the properties whose values were withheld, each once. */
  fields: string[];
  /** The values withheld, as text. */
  values: string[];
}

/**
 * `data` with the value of every property named in `names`, at any depth, replaced by {@link WITHHELD} (a null or
 * empty value, which tells nothing, is left), and the values withheld, so that the caller can take them out of the
 * rest of the answer as well (a sign-in URL holds its key).
 */
export function withholdSecrets(data: unknown, names: readonly string[]): Withheld {
  const fields = new Set<string>();
  const values: string[] = [];
  const visit = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(visit);
    if (!isObject(value)) return value;
    const entries = Object.entries(value).map(([key, item]): [string, unknown] => {
      if (!names.includes(key) || item === null || item === "") return [key, visit(item)];
      fields.add(key);
      values.push(typeof item === "string" ? item : JSON.stringify(item));
      return [key, WITHHELD];
    });
    return Object.fromEntries(entries);
  };
  return { data: visit(data), fields: [...fields], values };
}

/** The line a tool result ends with when it withheld something. */
export function withheldNote(names: readonly string[]): string {
  const { flag, env } = EFFECT_SWITCHES.reveal;
  return (
    `Secrets withheld (${names.join(", ")}): this server keeps them out of the conversation; the person running it ` +
    `can show them with ${flag} (or ${env}=1).`
  );
}
