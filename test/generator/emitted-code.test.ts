import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { MAX_LINE } from "../../generator/src/emit/layout.ts";
import { repoRoot } from "../helpers/spec-fixture.ts";

/**
 * The generated TypeScript reads as if written by hand: lines fit in 120 columns, no `any`, no type assertions
 * (`as`, `<T>x`, `!`), a blank line between declarations. Checked on the committed package and on the golden
 * output of the small fixture spec, the SDK and the MCP server alike. `src/core/` is the runtime copied verbatim
 * from generator/runtime/ (generator/mcp-runtime/ for the server), with its own conventions (it needs a few
 * assertions, e.g. where a filter builder hands out its conditions), so it is left out here.
 */
const packages = {
  "generated/": join(repoRoot, "generated", "src"),
  "generated/mcp/": join(repoRoot, "generated", "mcp", "src"),
  "test/fixtures/mini-golden/": join(repoRoot, "test", "fixtures", "mini-golden", "src"),
  "test/fixtures/mini-golden/mcp/": join(repoRoot, "test", "fixtures", "mini-golden", "mcp", "src"),
};

const emittedFiles = Object.entries(packages).flatMap(([label, root]) =>
  listTs(root)
    .filter((file) => !relative(root, file).startsWith("core"))
    .map((file) => ({ name: `${label}src/${relative(root, file)}`, file })),
);

/**
 * `src/validators.ts` is ajv's standalone code (compiled answer schemas, see generator/src/emit/validators.ts):
 * machine code nobody edits or reads, laid out by ajv. It is held to the checks of meaning, not of layout.
 */
const laidOut = emittedFiles.filter(({ name }) => !name.endsWith("src/validators.ts"));

describe("emitted TypeScript", () => {
  it("covers every generated module", () => {
    const generated = emittedFiles.filter(({ name }) => name.startsWith("generated/")).map(({ name }) => name);
    expect(generated).toEqual(expect.arrayContaining(["generated/src/models.ts", "generated/src/resources/contacts.ts"]));
    const modules = [...listTs(packages["generated/"]), ...listTs(packages["generated/mcp/"])];
    expect(generated.length).toBe(modules.filter((f) => !f.includes("/core/")).length);
    expect(generated).toEqual(expect.arrayContaining(["generated/mcp/src/operations.ts", "generated/mcp/src/bin.ts"]));
  });

  it.each(laidOut)("$name: no line is longer than 120 characters", ({ file }) => {
    expect(longLines(readFileSync(file, "utf8"))).toEqual([]);
  });

  it.each(emittedFiles)("$name: no any, no type assertions", ({ file }) => {
    expect(assertionsAndAny(file)).toEqual([]);
  });

  it.each(laidOut)("$name: a blank line between declarations", ({ file }) => {
    expect(crampedDeclarations(file)).toEqual([]);
  });

  it.each(emittedFiles)("$name: imports only what it uses", ({ file }) => {
    expect(unusedImports(file)).toEqual([]);
  });
});

describe("the checks themselves", () => {
  it("flag a long line, but not a comment line that is one unbreakable word", () => {
    const word = "https://example.com/" + "x".repeat(120);
    const code = `const a = ${"1 + ".repeat(40)}1;`;
    expect(longLines(`// short\n${code}\n * ${word}\n * some words ${word}\n`)).toEqual([`2: ${code}`, `4:  * some words ${word}`]);
  });

  it("flag any, as, angle-bracket assertions and non-null assertions, not the words in comments", () => {
    const source = [
      "/** Sent as any text, such as this. */",
      "const a: any = 1;",
      "const b = a as number;",
      "const c = <number>a;",
      "const d = a!;",
      "const e = [1] as const;",
    ].join("\n");
    expect(assertionsAndAny(source, "x.ts").map((finding) => finding.split(":")[0])).toEqual(["2", "3", "4", "5", "6"]);
  });

  it("flag an imported name the code does not use", () => {
    const source = 'import { a, type B, c } from "./x.js";\nexport const d: B = a;\n';
    expect(unusedImports(source, "x.ts")).toEqual(["c"]);
  });

  it("flag declarations with no blank line between them", () => {
    const source = "import { a } from './a.js';\nimport { b } from './b.js';\n\nexport type A = 1;\nexport type B = 2;\n";
    expect(crampedDeclarations(source, "x.ts")).toEqual(["5: export type B = 2;"]);
  });
});

function listTs(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? listTs(full) : name.endsWith(".ts") ? [full] : [];
  });
}

/** `line: text` of each line over the limit; a comment line holding one word (a URL) cannot be broken. */
function longLines(text: string): string[] {
  return text
    .split("\n")
    .map((line, index) => ({ line, number: index + 1 }))
    .filter(({ line }) => [...line].length > MAX_LINE && !/^\s*(\*|\/\/|\/\*\*)\s*\S+$/.test(line))
    .map(({ line, number }) => `${number}: ${line}`);
}

function parse(fileOrSource: string, name?: string): ts.SourceFile {
  const text = name ? fileOrSource : readFileSync(fileOrSource, "utf8");
  return ts.createSourceFile(name ?? fileOrSource, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
}

function at(file: ts.SourceFile, node: ts.Node): string {
  return `${file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1}: ${node.getText(file).split("\n")[0]}`;
}

function assertionsAndAny(fileOrSource: string, name?: string): string[] {
  const file = parse(fileOrSource, name);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isAsExpression(node) || ts.isTypeAssertionExpression(node) || ts.isNonNullExpression(node) || node.kind === ts.SyntaxKind.AnyKeyword) {
      found.push(at(file, node));
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

/** Declarations (top-level statements, class members) that follow another with no blank line between. */
function crampedDeclarations(fileOrSource: string, name?: string): string[] {
  const file = parse(fileOrSource, name);
  const found: string[] = [];
  const isImportOrReexport = (node: ts.Node) => ts.isImportDeclaration(node) || (ts.isExportDeclaration(node) && node.moduleSpecifier);
  const check = (nodes: readonly ts.Node[]) => {
    nodes.forEach((node, index) => {
      const previous = nodes[index - 1];
      if (!previous || (isImportOrReexport(previous) && isImportOrReexport(node))) return;
      // Where the declaration starts, its JSDoc included, against where the previous one ends.
      const startLine = file.getLineAndCharacterOfPosition(node.getFullStart() + node.getLeadingTriviaWidth(file) - leadingCommentWidth(file, node)).line;
      const previousEnd = file.getLineAndCharacterOfPosition(previous.getEnd()).line;
      if (startLine - previousEnd < 2) found.push(at(file, node));
    });
  };
  check(file.statements);
  const visit = (node: ts.Node): void => {
    if (ts.isClassDeclaration(node)) check(node.members);
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

/** Imported names no identifier outside the imports refers to. */
function unusedImports(fileOrSource: string, name?: string): string[] {
  const file = parse(fileOrSource, name);
  const imported = file.statements.filter(ts.isImportDeclaration).flatMap((declaration) => {
    const bindings = declaration.importClause?.namedBindings;
    return bindings && ts.isNamedImports(bindings) ? bindings.elements.map((element) => element.name.text) : [];
  });
  const used = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node)) used.add(node.text);
    ts.forEachChild(node, visit);
  };
  file.statements.filter((statement) => !ts.isImportDeclaration(statement)).forEach(visit);
  return imported.filter((name) => !used.has(name));
}

/** How much of a node's leading trivia is its own comment (JSDoc), which belongs to the declaration. */
function leadingCommentWidth(file: ts.SourceFile, node: ts.Node): number {
  const ranges = ts.getLeadingCommentRanges(file.text, node.getFullStart()) ?? [];
  const first = ranges[0];
  return first ? node.getStart(file) - first.pos : 0;
}
