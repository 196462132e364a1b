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

/** Whether `text` still shows the key: in any case, or as the exact token the server sent. */
export const showsKey = (text: string, { key, token }: Spelling): boolean =>
  text.toLowerCase().includes(key.toLowerCase()) || text.includes(token);
