import fc from "fast-check";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { bundleSpec } from "../../generator/src/load/bundle.ts";
import { serializeBundle } from "../../generator/src/load/index.ts";
import { writeYaml } from "../../generator/src/load/yaml-writer.ts";
import { repoRoot } from "../helpers/spec-fixture.ts";
import { join } from "node:path";

/** Text that trips YAML writers: values of other types in YAML 1.1 or 1.2, indicators, breaks, quotes, markers. */
const TRICKY = [
  "", " ", "\t", "yes", "No", "on", "OFF", "y", "n", "true", "False", "null", "Null", "NULL", "~", "=", "<<",
  "0", "1.0", "-1", "+1", ".5", "1e3", "1_000", "0x1F", "0o17", "0b101", "1:20", ".inf", "-.Inf", ".NaN", "2024-01-01",
  "2024-1-1 10:00", "3.1.0", "- a", "-a", "a: b", "a:", ":a", "?a", "? a", ",a", "[a]", "{a}", "a {b} c", "#a", "a #b", "a#b",
  "&a", "*a", "!a", "|", ">", "'a'", "\"a\"", "it's", 'say "hi"', "%a", "@a", "`a`", " lead", "trail ", "a\tb",
  "---", "...", "--- a", "a\nb", "a\nb\n", "a\n\nb", "\nlead", "\n  lead", "a\n  b", "a\n \nb", "a\nb\n\n", "a\r\nb",
  "line\u2028sep", "\u0085", "\ufeff", "\u007f", "é ü → —", "😀", "a\\b", "\\n",
  "1E+3", "0755", "12:30:45", "+.5", "1_0", "0b1_0", "1.2.3", "6f1d2c3b-8a4e", "2024-01-01T10:00:00Z",
  "2001-12-14t21:59:43.10-05:00", "1234e567-89ab", "...", "... a", ".", "-", "+", "0x", "0o8", "1:60",
];

const text = fc.oneof(fc.constantFrom(...TRICKY), fc.string({ unit: "binary" }), fc.string({ unit: "grapheme-ascii" }));
const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    text,
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(text, tie("value"), { maxKeys: 4 }),
  ),
})).value;

/** What a JSON round trip gives (-0 becomes 0, as in any JSON document). */
const asJson = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;

describe("the bundle's YAML writer", () => {
  it("writes values that YAML 1.2 and YAML 1.1 readers read back unchanged", () => {
    fc.assert(
      fc.property(json, (value) => {
        const written = writeYaml(value);
        expect(parse(written)).toEqual(asJson(value));
        expect(parse(written, { version: "1.1" })).toEqual(asJson(value));
      }),
      { numRuns: 1500, seed: 20261126 },
    );
  });

  it("reads back every tricky text as text, as a value, as a key and as a list item", () => {
    for (const value of TRICKY) {
      const document = { value, [value]: [value, { value }], nested: { list: [[value]] } };
      for (const version of ["1.2", "1.1"] as const) expect(parse(writeYaml(document), { version }), JSON.stringify(value)).toEqual(document);
    }
  });

  it("writes the real spec so that both readers get the bundle back exactly", () => {
    const document = bundleSpec(join(repoRoot, "spec")).document;
    const written = serializeBundle(document);
    expect(parse(written)).toEqual(document);
    expect(parse(written, { version: "1.1" })).toEqual(document);
    // Multi-line descriptions stay readable blocks rather than escaped strings.
    expect(written).toMatch(/^ {2}description: \|\n {4}The Grinfi API drives/m);
  });
});
