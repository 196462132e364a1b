import { existsSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { SpecError } from "../../generator/src/errors.ts";
import { useCache } from "../../generator/src/cache.ts";
import { parseYamlText } from "../../generator/src/load/yaml-file.ts";

const TEXT = `openapi: 3.1.0\ninfo:\n  title: Cached\n  version: 1.0.0\npaths:\n  /things:\n    get:\n      summary: List things\n`;

/** A fresh cache root for the CLI's caches; returns the folder the parses go to. */
function cacheDir(): string {
  const root = mkdtempSync(join(tmpdir(), "grinfi-parse-cache-"));
  useCache(root);
  return join(root, "parse");
}

describe("the parse cache the CLI keeps between runs", () => {
  afterEach(() => useCache(undefined));

  it("gives the same values and source locations as parsing afresh", () => {
    const fresh = parseYamlText(TEXT, "spec/openapi.yaml");
    const dir = cacheDir();
    const first = parseYamlText(TEXT, "spec/openapi.yaml");
    const second = parseYamlText(TEXT, "spec/openapi.yaml");
    expect(readdirSync(dir)).toHaveLength(1);
    for (const parsed of [first, second]) {
      expect(parsed.value).toEqual(fresh.value);
      for (const pointer of ["", "/info/title", "/paths/~1things/get/summary"]) expect(parsed.locate(pointer)).toEqual(fresh.locate(pointer));
    }
    expect(second.locate("/paths/~1things/get/summary")).toEqual({ file: "spec/openapi.yaml", line: 8, column: 7, pointer: "/paths/~1things/get/summary" });
  });

  it("parses an edited file again instead of answering from the cache", () => {
    cacheDir();
    parseYamlText(TEXT, "a.yaml");
    const edited = parseYamlText(TEXT.replace("Cached", "Edited"), "a.yaml");
    expect((edited.value as { info: { title: string } }).info.title).toBe("Edited");
  });

  it("keeps nothing for a file with errors, so every run reports them", () => {
    const dir = cacheDir();
    const broken = `${TEXT}info:\n  title: twice\n`;
    for (let run = 0; run < 2; run++) {
      expect(() => parseYamlText(broken, "spec/openapi.yaml")).toThrow(SpecError);
    }
    expect(existsSync(dir) ? readdirSync(dir) : []).toHaveLength(0);
  });

  it("parses again when a cached entry is damaged", () => {
    const dir = cacheDir();
    parseYamlText(TEXT, "a.yaml");
    const [entry] = readdirSync(dir);
    writeFileSync(join(dir, entry!), '{"value": {"trunc');
    const again = parseYamlText(TEXT, "a.yaml");
    expect((again.value as { info: { title: string } }).info.title).toBe("Cached");
    expect(again.locate("/info/title")?.line).toBe(3);
  });
});
