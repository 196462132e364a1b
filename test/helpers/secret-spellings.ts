import fc from "fast-check";

/**
 * API keys and the spellings a server may echo one in: any mix of case, inside `Bearer …` or a Basic
 * `user:password` pair, plain, percent-encoded (wholly or in part, hex in either case), base64 or base64url.
 */

export interface Spelling {
  key: string;
  /** The text that carries the key, as the server would send it. */
  token: string;
  /** How it was made, for failure messages. */
  how: string;
}

const KEY_CHARS = [..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"];
/** Characters that are special to regular expressions or to percent-encoding, for keys that are not tidy. */
const AWKWARD_CHARS = [...".~+/=*()[]{}?^$|\\!'"];

export const apiKey = (awkward = false): fc.Arbitrary<string> =>
  fc.string({ unit: fc.constantFrom(...KEY_CHARS, ...(awkward ? AWKWARD_CHARS : [])), minLength: 16, maxLength: 64 });

const percent = (char: string, upper: boolean): string =>
  [...Buffer.from(char)].map((byte) => `%${byte.toString(16).padStart(2, "0")}`).map((hex) => (upper ? hex.toUpperCase() : hex)).join("");

const WRAPPERS: [string, (value: string) => string][] = [
  ["alone", (value) => value],
  ["Bearer", (value) => `Bearer ${value}`],
  ["key:", (value) => `${value}:`],
  [":key", (value) => `:${value}`],
  ["user:key", (value) => `api:${value}`],
  ["key:x", (value) => `${value}:x`],
];

const ENCODINGS: [string, (value: string, choices: boolean[]) => string][] = [
  ["plain", (value) => value],
  ["percent-all", (value, choices) => [...value].map((char, i) => percent(char, choices[i] ?? false)).join("")],
  ["percent-some", (value, choices) => [...value].map((char, i) => (choices[i] ? percent(char, i % 2 === 0) : char)).join("")],
  ["encodeURIComponent", (value) => encodeURIComponent(value)],
  ["base64", (value) => Buffer.from(value).toString("base64")],
  ["base64-unpadded", (value) => Buffer.from(value).toString("base64").replace(/=+$/, "")],
  ["base64url", (value) => Buffer.from(value).toString("base64url")],
  ["base64, percent-encoded", (value) => encodeURIComponent(Buffer.from(value).toString("base64"))],
];

/** One key and one spelling of it. */
export const spelling = (awkward = false): fc.Arbitrary<Spelling> =>
  apiKey(awkward).chain((key) =>
    fc
      .record({
        cases: fc.array(fc.boolean(), { minLength: key.length, maxLength: key.length }),
        wrapper: fc.constantFrom(...WRAPPERS),
        encoding: fc.constantFrom(...ENCODINGS),
        choices: fc.array(fc.boolean(), { minLength: 80, maxLength: 80 }),
      })
      .map(({ cases, wrapper: [wrapperName, wrap], encoding: [encodingName, encode], choices }) => {
        const variant = [...key].map((char, i) => (cases[i] ? char.toUpperCase() : char.toLowerCase())).join("");
        return { key, token: encode(wrap(variant), choices), how: `${encodingName} of ${wrapperName}, case ${variant}` };
      }),
  );

/** Text around the token: words, punctuation and base64 letters that may run straight into it. */
export const surrounding: fc.Arbitrary<string> = fc.string({ unit: fc.constantFrom(..."abcXYZ019+/=_- .,:;\"'<>{}()&%"), maxLength: 12 });

/**
 * The stretches of base64 and base64url that encode only the key's own bytes, at each of the three byte
 * alignments the key can have inside a longer encoded string: any base64 text holding the key holds one of them.
 */
export function base64Fingerprints(key: string): string[] {
  const bytes = Buffer.byteLength(key);
  return [0, 1, 2].flatMap((align) => {
    const from = Math.ceil((8 * align) / 6);
    const to = Math.floor((8 * (align + bytes)) / 6); // exclusive: the last whole sextet inside the key
    return (["base64", "base64url"] as const).map((encoding) => Buffer.from("x".repeat(align) + key).toString(encoding).slice(from, to));
  });
}

/** Whether `text` still shows the key: in any case, base64-encoded in its own case, or as the exact token sent. */
export const showsKey = (text: string, { key, token }: Spelling): boolean =>
  text.toLowerCase().includes(key.toLowerCase()) || text.includes(token) || base64Fingerprints(key).some((print) => text.includes(print));
