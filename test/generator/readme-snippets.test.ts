import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/spec-fixture.ts";

/**
 * The code in the generated README must compile against the generated package: the snippets are joined into
 * one module (imports first, as a reader would write them), `@grinfi/sdk` pointing at generated/src, and
 * type-checked strictly, with Node's types (the README saves files to disk; the package itself is built without
 * them, test/generator/package.test.ts). A renamed method or filter field then fails here instead of in a user's editor.
 */
describe("generated README code", () => {
  it("type-checks against the generated package", () => {
    const readme = readFileSync(join(repoRoot, "generated", "README.md"), "utf8");
    const snippets = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
    expect(snippets.length).toBeGreaterThanOrEqual(5);
    const lines = snippets.join("\n").split("\n");
    const imports = lines.filter((l) => l.startsWith("import "));
    const code = lines.filter((l) => !l.startsWith("import "));
    const dir = mkdtempSync(join(tmpdir(), "grinfi-readme-"));
    const file = join(dir, "snippets.mts"); // .mts: an ES module wherever the scratch folder is
    const sdk = JSON.stringify(join(repoRoot, "generated", "src", "index.ts"));
    const validators = JSON.stringify(join(repoRoot, "generated", "src", "validators.ts"));
    writeFileSync(file, [
      ...imports.map((l) => l.replace(/"@grinfi\/sdk"/, sdk)),
      "declare const uuid: string; // values a reader supplies",
      "declare const body: string;",
      "export {};",
      ...code.map((l) => l.replaceAll('"@grinfi/sdk/validators"', validators)),
    ].join("\n"));
    const program = ts.createProgram([file], {
      strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext,
      lib: ["lib.es2023.d.ts", "lib.dom.d.ts", "lib.dom.iterable.d.ts"], types: ["node"], allowImportingTsExtensions: true, skipLibCheck: true,
    });
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => `${d.file?.fileName.endsWith("snippets.mts") ? `snippets.mts:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}` : d.file?.fileName}: ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`);
    expect(diagnostics).toEqual([]);
  });
});
