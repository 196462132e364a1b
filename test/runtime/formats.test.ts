import { fullFormats } from "ajv-formats/dist/formats.js";
import { describe, expect, it } from "vitest";
import { formats } from "../../generator/runtime/formats.ts";

/** ajv-formats' verdict, which `grinfi-codegen contract` uses: the SDK's drift report must agree with it. */
function ajvFormats(name: string, value: string): boolean {
  const format = (fullFormats as Record<string, unknown>)[name];
  if (format instanceof RegExp) return format.test(value);
  if (typeof format === "function") return Boolean(format(value));
  if (typeof format === "object" && format !== null && "validate" in format) {
    const validate = format.validate;
    return validate instanceof RegExp ? validate.test(value) : typeof validate === "function" && Boolean(validate(value));
  }
  throw new Error(`ajv-formats has no format ${name}`);
}

const SAMPLES: Record<string, string[]> = {
  date: [
    "2026-04-01", "2024-02-29", "2026-02-29", "2000-02-29", "2100-02-29", "2026-13-01", "2026-00-10", "2026-04-31",
    "2026-12-31", "2026-4-1", "20260401", "", "2026-04-01T00:00:00Z", "２０２６-04-01",
  ],
  "date-time": [
    "2026-04-01T09:30:00Z",
    "2026-04-01T09:30:00.123456+02:00",
    "2026-04-01 09:30:00+0200",
    "2026-04-01t09:30:00z",
    "2026-04-01T09:30:00+02",
    "2026-04-01T09:30:00",
    "2026-04-01 09:30:00",
    "2026-04-01T24:00:00Z",
    "2026-04-01T23:59:60Z",
    "2026-04-01T23:59:60.5Z",
    "2026-04-01T22:59:60-01:00",
    "2026-04-01T12:59:60Z",
    "2026-04-01T09:30:00+24:00",
    "2026-02-30T09:30:00Z",
    "2000-02-29T12:00:00Z",
    "2100-02-29T12:00:00Z",
    "2026-04-01T09:30:00.5+0530",
    "2026-04-01T09:30:00.Z",
    "2026-04-01T09:30:00+05:3",
    "2026-04-01T09:30:00+05:60",
    "2026-04-01\t09:30:00Z",
    "2026-04-01T00:29:60+00:30",
    "2026-04-01T00:59:60.25+01:00",
    "2026-04-01T23:59:60-00:00",
    "2026-04-01T00:00:60+0001",
    "2026-04-01T23:59:61Z",
    "2026-04-01T09:30:00Z ",
    "April 1, 2026",
    "",
  ],
  email: ["dana@example.com", "a.b+tag@mail.example.org", "dana@example", "dana@@example.com", "dana example@example.com", "@example.com", "dana@-example.com"],
  uri: [
    "https://example.com/a?b=c#d",
    "mailto:dana@example.com",
    "urn:isbn:0451450523",
    "https://example.com/path%20with%20escapes",
    "https://example.com/100%",
    "https://example.com/a b",
    "https://exämple.com/",
    "example.com/path",
    "/relative/path",
    "https://[::1]:8080/",
    "https://example.com/{id}",
    "",
  ],
  uuid: ["3a4ac30b-1321-449c-9b37-e9fe3174e00e", "3A4AC30B-1321-449C-9B37-E9FE3174E00E", "urn:uuid:3a4ac30b-1321-449c-9b37-e9fe3174e00e", "3a4ac30b1321449c9b37e9fe3174e00e", "3a4ac30b-1321-449c-9b37-e9fe3174e00", ""],
};

describe("formats", () => {
  it("covers the formats the spec's answers use", () => {
    expect(Object.keys(formats).sort()).toEqual(["date", "date-time", "email", "uri", "uuid"]);
  });

  for (const [name, values] of Object.entries(SAMPLES)) {
    it(`agrees with ajv-formats on ${name}`, () => {
      const test = formats[name]!;
      const disagreements = values.filter((value) => test(value) !== ajvFormats(name, value));
      expect(disagreements).toEqual([]);
      // The samples hold both verdicts, so the agreement means something.
      expect(new Set(values.map(test))).toEqual(new Set([true, false]));
    });
  }
});
