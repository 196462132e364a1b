import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generateFiles } from "../../generator/src/generate.ts";
import { MINIMAL_THINGS, repoRoot, runCli, writeSpecFixture } from "../helpers/spec-fixture.ts";

const fixture = join(repoRoot, "test", "fixtures", "mini-spec");

/**
 * `grinfi-codegen` runs the compiled generator (generator/dist/cli.cjs); the library calls the tests make
 * everywhere else run the sources. Both must agree.
 */
describe("the compiled CLI", () => {
  it("writes byte for byte the package the sources generate in process", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "grinfi-compiled-")), "package");
    const result = runCli(["generate", "--spec", fixture, "--out", out]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    const expected = await generateFiles({ specDir: fixture });
    for (const [path, contents] of expected) expect(readFileSync(join(out, path), "utf8"), path).toBe(contents);
  });

  it("reports a problem the model finds with its location, and writes nothing", () => {
    // PUT /things/{uuid} with a body field also named uuid: the SDK flattens both into one argument.
    const spec = writeSpecFixture({
      "resources/things.yaml": MINIMAL_THINGS.replace(
        "components:\n",
        `    put:
      operationId: replaceThing
      x-method: replace
      x-effects: [write]
      summary: Replace a thing
      description: Replaces the thing with this UUID by the one in the body.
      tags: [Things]
      parameters:
        - $ref: '#/components/parameters/UuidPath'
      requestBody:
        required: true
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/Thing'
      responses:
        '200':
          description: The thing as stored.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Thing'
components:
`,
      ),
    });
    const out = join(mkdtempSync(join(tmpdir(), "grinfi-compiled-")), "package");
    const result = runCli(["generate", "--spec", spec, "--out", out]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/things\.yaml:\d+:\d+ \(\/paths\/~1things~1\{uuid\}\/put\/requestBody\) error \[sdk-names\]/);
    expect(result.stderr).toContain('replaceThing (PUT /things/{uuid}): "uuid" is both a parameter and a body field');
    expect(result.stderr).toContain("nothing was written");
    expect(existsSync(out)).toBe(false);
  });
});
