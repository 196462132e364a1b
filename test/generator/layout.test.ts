import { describe, expect, it } from "vitest";
import { docComment, list, MAX_LINE, reflowPrintedTypes, splitTopLevel, typeAlias } from "../../generator/src/emit/layout.ts";

const words = (count: number, word = "word") => Array.from({ length: count }, () => word).join(" ");
const widest = (text: string) => Math.max(...text.split("\n").map((line) => line.length));

describe("JSDoc comments", () => {
  it("stay on one line when short, and cannot be closed early by the text", () => {
    expect(docComment("Lists widgets.", "  ")).toBe("  /** Lists widgets. */");
    expect(docComment("Ends */ early")).toBe("/** Ends *\\/ early */");
    expect(docComment("")).toBe("");
  });

  it("wrap long text at word boundaries, keeping paragraphs and list items", () => {
    const text = `${words(30)}\n\n- ${words(25, "item")}\n\`GET /widgets\``;
    const comment = docComment(text, "  ");
    expect(widest(comment)).toBeLessThanOrEqual(MAX_LINE);
    expect(comment.split("\n")).toEqual([
      "  /**",
      `   * ${words(23)}`,
      `   * ${words(7)}`,
      "   *",
      `   * - ${words(22, "item")}`,
      `   *   ${words(3, "item")}`,
      "   * `GET /widgets`",
      "   */",
    ]);
  });

  it("never break inside an inline {@link} tag", () => {
    const comment = docComment(`${words(21)} {@link Contacts.getMetrics}, and more.`);
    expect(comment).toContain("\n * {@link Contacts.getMetrics}, and more.");
  });
});

describe("lists", () => {
  it("stay on one line when they fit, else one item per line with a trailing comma", () => {
    expect(list("f", ["a", "b"], ";", "    ")).toBe("f(a, b);");
    expect(list("const ", ["a", "...rest"], " = params;", "", "{}")).toBe("const { a, ...rest } = params;");
    expect(list("", [], "", "", "{}")).toBe("{}");
    const long = ["x".repeat(60), "y".repeat(60)];
    expect(list("return f", long, ";", "    ")).toBe(`return f(\n      ${long[0]},\n      ${long[1]},\n    );`);
  });

  it("indent an item that spans lines under its own first line", () => {
    const inner = list("", ["a".repeat(70), "b".repeat(70)], "", "      ", "{}");
    expect(list("call", [inner, "options"], ";", "    ")).toBe(
      `call(\n      {\n        ${"a".repeat(70)},\n        ${"b".repeat(70)},\n      },\n      options,\n    );`,
    );
  });
});

describe("type aliases", () => {
  it("break after = and then at top-level & members when too long", () => {
    expect(typeAlias("A", "B")).toBe("export type A = B;");
    const medium = `Omit<${"X".repeat(60)}, "filter"> & { filter?: Y }`;
    expect(typeAlias("SomeLongParamsName", medium)).toBe(`export type SomeLongParamsName =\n  ${medium};`);
    const long = [`Omit<${"X".repeat(70)}, "a & b">`, `{ filter: FilterInput<${"Y".repeat(40)}> }`];
    expect(typeAlias("P", long.join(" & "))).toBe(`export type P =\n  & ${long[0]}\n  & ${long[1]};`);
  });

  it("split only outside strings and brackets", () => {
    expect(splitTopLevel('A<"x | y"> | (B | C) | { f: (a: D) => E | F } | G', " | ")).toEqual([
      'A<"x | y">',
      "(B | C)",
      "{ f: (a: D) => E | F }",
      "G",
    ]);
  });
});

describe("openapi-typescript's printed types", () => {
  it("have long one-line comments, long comment lines and long unions broken", () => {
    const description = words(30);
    const union = Array.from({ length: 12 }, (_, i) => `"value_number_${i}"`).join(" | ");
    const printed = [
      `        /** @description ${description} */`,
      `         *     - ${description}`,
      `        Kind: ${union};`,
      "        short: string;",
    ].join("\n");
    const reflowed = reflowPrintedTypes(printed);
    expect(widest(reflowed)).toBeLessThanOrEqual(MAX_LINE);
    expect(reflowed.split("\n").slice(0, 4)).toEqual([
      "        /**",
      `         * @description ${words(19)}`,
      `         * ${words(11)}`,
      "         */",
    ]);
    expect(reflowed).toContain(`\n         *     - ${words(20)}\n         *       ${words(10)}\n`);
    expect(reflowed).toContain('\n        Kind:\n          | "value_number_0"\n');
    expect(reflowed).toContain('\n          | "value_number_11";\n        short: string;');
  });

  it("have an open set's long parenthesised union of known values put one value a line", () => {
    const union = Array.from({ length: 12 }, (_, i) => `"value_number_${i}"`).join(" | ");
    const printed = `        Mood: (${union}) | (string & {});`;
    const reflowed = reflowPrintedTypes(printed);
    expect(widest(reflowed)).toBeLessThanOrEqual(MAX_LINE);
    expect(reflowed.split("\n")).toEqual([
      "        Mood:",
      ...Array.from({ length: 12 }, (_, i) => `          | "value_number_${i}"`),
      "          | (string & {});",
    ]);
  });
});
