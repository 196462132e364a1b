import { appendFileSync, mkdtempSync, readdirSync, readFileSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { useCache } from "../../generator/src/cache.ts";
import { baseDocument, findingsOf, summary } from "./helpers.ts";

const RULE = "example-valid";

/** A document whose examples break in several ways: an enum value, a format, a missing field, an extra field. */
function brokenDocument(): Record<string, any> {
  const doc = baseDocument();
  const list = doc.paths["/things"].get.responses["200"].content["application/json"].example;
  list.data[0].status = "lost";
  list.data[0].uuid = "not-a-uuid";
  delete list.total;
  doc.paths["/things/search"].post.requestBody.content["application/json"].example.filter.colour = "red";
  return doc;
}

/**
 * The CLI keeps compiled example validators as ajv standalone code between runs. A run served from that file must
 * find exactly what a run that compiles everything finds.
 */
describe("example validators kept between runs", () => {
  afterEach(() => useCache(undefined));

  it("find the same problems as freshly compiled ones, and are reused rather than rewritten", async () => {
    const expected = summary(await findingsOf(RULE, brokenDocument()));
    expect(expected.length).toBeGreaterThanOrEqual(2);

    const root = mkdtempSync(join(tmpdir(), "grinfi-validators-"));
    useCache(root);
    expect(summary(await findingsOf(RULE, brokenDocument()))).toEqual(expected);
    const folder = join(root, "validators");
    const [file] = readdirSync(folder);
    expect(file).toMatch(/\.cjs$/);
    // Mark the file: a later run that compiled anything anew would write it again without the mark.
    appendFileSync(join(folder, file!), "\n// kept\n");

    // The same folder under another name, so this process's in-memory validators are not the ones used.
    const alias = join(mkdtempSync(join(tmpdir(), "grinfi-validators-alias-")), "root");
    symlinkSync(root, alias);
    useCache(alias);
    expect(summary(await findingsOf(RULE, brokenDocument()))).toEqual(expected);
    expect(summary(await findingsOf(RULE, baseDocument()))).toEqual([]);
    expect(readFileSync(join(folder, file!), "utf8")).toContain("// kept");
  });

  it("compile again when the kept file is damaged", async () => {
    const expected = summary(await findingsOf(RULE, brokenDocument()));
    const root = mkdtempSync(join(tmpdir(), "grinfi-validators-"));
    useCache(root);
    await findingsOf(RULE, brokenDocument());
    const folder = join(root, "validators");
    const [file] = readdirSync(folder);
    appendFileSync(join(folder, file!), "\nthis is not JavaScript(\n");
    const alias = join(mkdtempSync(join(tmpdir(), "grinfi-validators-alias-")), "root");
    symlinkSync(root, alias);
    useCache(alias);
    expect(summary(await findingsOf(RULE, brokenDocument()))).toEqual(expected);
  });
});
