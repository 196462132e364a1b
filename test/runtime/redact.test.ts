import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createRedactor, REDACTED } from "../../generator/runtime/redact.js";
import { apiKey, showsKey, spelling, surrounding } from "../helpers/secret-spellings.ts";

const SEED = Number(process.env.FC_SEED ?? 20_261_126);
const RUNS = 2_000;

describe("createRedactor", () => {
  it("removes the key in any case, percent-encoded or base64/base64url-encoded, alone or in Bearer / Basic pairs", () => {
    fc.assert(
      fc.property(spelling(true), surrounding, surrounding, (spelled, before, after) => {
        const text = `${before}${spelled.token}${after}`;
        const redacted = createRedactor(spelled.key).text(text);
        expect(showsKey(redacted, spelled), `${spelled.how} in ${JSON.stringify(text)} → ${JSON.stringify(redacted)}`).toBe(false);
        expect(redacted).toContain(REDACTED);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it("leaves text that does not hold the key exactly as it was", () => {
    fc.assert(
      fc.property(apiKey(true), fc.string({ unit: "grapheme", maxLength: 200 }), (key, text) => {
        fc.pre(!text.toLowerCase().includes(key.toLowerCase()));
        expect(createRedactor(key).text(text)).toBe(text);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it("cleans every string of a JSON value, keys included, and returns a clean value as the same object", () => {
    fc.assert(
      fc.property(spelling(), (spelled) => {
        const redactor = createRedactor(spelled.key);
        const body = { error: { message: `bad ${spelled.token}`, data: { [spelled.token]: [`x ${spelled.token}`] } }, code: 401, list: [spelled.token, 1, null] };
        expect(showsKey(JSON.stringify(redactor.value(body)), spelled)).toBe(false);
        const clean = { error: { message: "fine", data: { field: ["ok"] } }, code: 401 };
        expect(redactor.value(clean)).toBe(clean);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it("replaces a whole base64 run, so no fragment of an encoded key is left", () => {
    const key = "gk_live_SECRET_0123456789abcdef";
    const basic = Buffer.from(`api:${key}`).toString("base64");
    expect(createRedactor(key).text(`Basic ${basic}`)).toBe(`Basic ${REDACTED}`);
    expect(createRedactor(key).text(`Bearer ${key.toLowerCase()}, again ${key.toUpperCase()}`)).toBe(`Bearer ${REDACTED}, again ${REDACTED}`);
  });

  it("keeps ordinary base64 (ids, hashes) that does not decode to the key", () => {
    const text = "etag W/\"Zm9vYmFyYmF6cXV4cXV1eHF1dXhxdXV4cXV1eA==\" id 3f6c2a1e-8b4d-4c7a-9e2f-1a5b7c9d0e11";
    expect(createRedactor("gk_live_SECRET_0123456789abcdef").text(text)).toBe(text);
  });
});
