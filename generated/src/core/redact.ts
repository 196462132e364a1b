/** What a secret is replaced with. */
export const REDACTED = "[redacted]";

/** Removes one secret from text in every spelling a server might echo it in. */
export interface Redactor {
  /** `text` without the secret; the same string when there was nothing to remove. */
  text(text: string): string;
  /** A JSON-like value with the secret removed from every string in it, keys included; the same value when clean. */
  value(value: unknown): unknown;
}

const BASE64_RUN = /[A-Za-z0-9+/_-]+={0,2}/g;

/**
 * A redactor for `secret`. It finds the secret
 * - in any mix of upper and lower case (servers lower-case tokens in messages),
 * - percent-encoded, wholly or in part, with either case of hex digit (`%67k_live…`),
 * - inside base64 or base64url, at any alignment and whatever surrounds it: `Basic base64(user:key)`,
 *   `base64(key:)`, `base64(Bearer key)`, again in any case of the secret.
 * A base64 run that decodes to something holding the secret is replaced whole, so no fragment of it is left.
 * Text that is percent-encoded around base64 (`%2B`, `%3D` inside a run) is decoded first and returned decoded.
 */
export function createRedactor(secret: string): Redactor {
  const bytes = new TextEncoder().encode(secret);
  const plain = new RegExp([...secret].map(charPattern).join(""), "gi");
  // The secret's bytes as the latin-1 string atob() returns, lower-cased like the decoded text is.
  const binary = String.fromCharCode(...bytes).toLowerCase();
  // Shortest base64 run that can hold every byte of the secret.
  const shortestRun = Math.ceil((bytes.length * 4) / 3);

  const inBase64 = (run: string): boolean => {
    const digits = run.replace(/=+$/, "").replace(/-/g, "+").replace(/_/g, "/");
    for (let offset = 0; offset < 4 && digits.length - offset >= shortestRun; offset++) {
      const usable = digits.slice(offset);
      // atob refuses a length of 1 mod 4 (an incomplete byte): drop that last digit.
      const decoded = atob(usable.length % 4 === 1 ? usable.slice(0, -1) : usable);
      if (decoded.toLowerCase().includes(binary)) return true;
    }
    return false;
  };

  // Cheap tests first, since most text (every header of every answer) holds no key at all.
  const lowerSecret = secret.toLowerCase();
  // For an ASCII secret, a case-insensitive match without escapes is exactly a match of the lower-cased text.
  const asciiSecret = /^[\x20-\x7e]*$/.test(secret);
  const mayHoldPlain = (text: string): boolean =>
    !asciiSecret || text.includes("%") || text.toLowerCase().includes(lowerSecret);

  const once = (text: string): string => {
    const unplain = mayHoldPlain(text) ? text.replace(plain, REDACTED) : text;
    if (!hasBase64Run(unplain, shortestRun)) return unplain;
    return unplain.replace(BASE64_RUN, (run) => (run.length >= shortestRun && inBase64(run) ? REDACTED : run));
  };

  const text = (input: string): string => {
    if (secret === "") return input;
    const redacted = once(input);
    if (!input.includes("%")) return redacted === input ? input : redacted;
    // Percent-encoding wrapped around base64 hides it from the pass above: look again at the decoded text.
    const decoded = percentDecode(redacted);
    const again = once(decoded);
    return again !== decoded ? again : redacted === input ? input : redacted;
  };

  const value = (input: unknown): unknown => {
    if (typeof input === "string") return text(input);
    if (Array.isArray(input)) {
      const items = input.map(value);
      return items.some((item, i) => item !== input[i]) ? items : input;
    }
    if (typeof input !== "object" || input === null) return input;
    let changed = false;
    const entries = Object.entries(input).map(([key, item]): [string, unknown] => {
      const entry: [string, unknown] = [text(key), value(item)];
      changed ||= entry[0] !== key || entry[1] !== item;
      return entry;
    });
    return changed ? Object.fromEntries(entries) : input;
  };

  return { text, value };
}

/**
 * Whether `text` has `length` base64 or base64url digits in a row. A loop, because the regular expression
 * `[A-Za-z0-9+/_-]{n}` backtracks over every shorter run and costs ten times as much on a typical header.
 */
function hasBase64Run(text: string, length: number): boolean {
  if (text.length < length) return false;
  for (let i = 0, run = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // 0-9, A-Z, a-z, then + - / _
    const alphanumeric = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
    const digit = alphanumeric || c === 43 || c === 45 || c === 47 || c === 95;
    run = digit ? run + 1 : 0;
    if (run >= length) return true;
  }
  return false;
}

/**
 * One character of the secret in either case, plain or as its UTF-8 bytes percent-encoded (hex digits in either
 * case, through the `i` flag).
 */
function charPattern(char: string): string {
  const escaped = char.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
  const encodings = [...new Set([char.toLowerCase(), char.toUpperCase()])].map((form) =>
    [...new TextEncoder().encode(form)].map((byte) => `%${byte.toString(16).padStart(2, "0")}`).join(""),
  );
  return `(?:${escaped}|${encodings.join("|")})`;
}

/** Decodes every run of %XX escapes it can (as UTF-8), leaving malformed ones as they are. */
function percentDecode(text: string): string {
  return text.replace(/(?:%[0-9a-f]{2})+/gi, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}
