import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { runInNewContext } from "node:vm";
import { gzipSync } from "node:zlib";
import { build, type BuildResult } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/spec-fixture.ts";
import { closeServer, listenLocally } from "../helpers/local-server.ts";

/**
 * What the package README promises about where the client runs and what a bundler keeps: Node 20+, browsers and
 * edge runtimes; a resource built on one Transport lets bundlers drop the other resources.
 */

const generatedDir = join(repoRoot, "generated");
const srcDir = join(generatedDir, "src");
const entry = join(srcDir, "index.ts");
const CONTACT_UUID = "3f6c2a1e-8b4d-4c7a-9e2f-1a5b7c9d0e11";

/** The README's "Smaller bundles" program: one resource on one transport. */
const oneResource = (baseUrl: string): string =>
  [
    `import { Contacts, Transport } from ${JSON.stringify(entry)};`,
    `const contacts = new Contacts(new Transport({ apiKey: "key", baseUrl: ${JSON.stringify(baseUrl)} }));`,
    `globalThis.result = contacts.get({ uuid: ${JSON.stringify(CONTACT_UUID)} });`,
  ].join("\n");

let scratch: string;
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), "grinfi-bundle-"));
  server = createServer((req, res) => {
    res.writeHead(200, { "content-type": "application/json", "access-control-allow-origin": "*" });
    res.end(JSON.stringify({ uuid: CONTACT_UUID, path: req.url, auth: req.headers.authorization }));
  });
  baseUrl = await listenLocally(server);
});

afterAll(async () => {
  rmSync(scratch, { recursive: true, force: true });
  await closeServer(server);
});

/**
 * Bundles `source` for the browser, as a browser app's bundler would (ESM, dynamic imports split off), and answers
 * what loads up front: the entry and the chunks it imports, not the chunks only a dynamic import() would load.
 */
async function bundleForBrowser(
  source: string,
  name: string,
  options: { minify?: boolean; minifyKeepingNames?: boolean; splitting?: boolean } = {},
): Promise<string> {
  const file = join(scratch, `${name}.ts`);
  writeFileSync(file, source);
  const outdir = join(scratch, `${name}-out`);
  const result: BuildResult<{ write: false }> = await build({
    entryPoints: [file],
    bundle: true,
    minify: options.minify ?? false,
    minifyWhitespace: options.minifyKeepingNames ?? false,
    minifySyntax: options.minifyKeepingNames ?? false,
    splitting: options.splitting ?? true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    outdir,
    write: false,
    logLevel: "silent",
  });
  expect(result.errors).toEqual([]);
  const outputs = new Map(result.outputFiles.map((output) => [relative(outdir, output.path), output.text]));
  const loaded = new Set<string>();
  const load = (path: string): void => {
    const code = outputs.get(path);
    if (code === undefined || loaded.has(path)) return;
    loaded.add(path);
    for (const [, chunk] of code.matchAll(/(?:^|[;\n}])\s*import\s*(?:[^"'();]*?from\s*)?["']\.\/([^"']+)["']/g)) load(chunk as string);
  };
  load(`${name}.js`);
  return [...loaded].map((path) => outputs.get(path)).join("\n");
}

/** esbuild writes `class X` or `var X = class` depending on what the class refers to. */
const declaresClass = (code: string, name: string): boolean => new RegExp(`class ${name}\\b|\\b${name}\\s*=\\s*class\\b`).test(code);

const sourceFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((dirent) => dirent.isFile() && dirent.name.endsWith(".ts"))
    .map((dirent) => join(dirent.parentPath, dirent.name));

describe("where the client runs", () => {
  it("declares Node 20 or later", () => {
    const manifest = JSON.parse(readFileSync(join(generatedDir, "package.json"), "utf8"));
    expect(manifest.engines).toEqual({ node: ">=20" });
  });

  it("imports no Node module: only fileFromPath (core/files.ts) and capture.dir (core/capture.ts) reach node:fs, at run time", () => {
    const nodeOnly: Record<string, string[]> = {};
    for (const file of sourceFiles(srcDir)) {
      const code = readFileSync(file, "utf8");
      const where = relative(srcDir, file);
      // No import or re-export of a Node module and no require, in any file.
      expect(code, where).not.toMatch(/\bfrom\s+["']node:|\bimport\s*\(\s*["']node:|\brequire\s*\(/);
      const literals = code.match(/["']node:[\w/]+["']/g);
      if (literals) nodeOnly[where] = literals;
    }
    // The two Node-only features name their module in a string that no bundler resolves: a variable given to
    // import() (fileFromPath: fs.openAsBlob) and process.getBuiltinModule (capture to a folder).
    expect(nodeOnly).toEqual({ "core/files.ts": ['"node:fs"'], "core/capture.ts": ['"node:fs/promises"'] });
  });

  it("bundles whole for the browser: esbuild (platform browser) finds nothing it cannot resolve", async () => {
    const code = await bundleForBrowser(`export * from ${JSON.stringify(entry)};`, "whole", { minify: true });
    expect(code.length).toBeGreaterThan(0);
  });

  it("runs where Node's own globals are missing: the one-resource bundle, in a realm with only web APIs", async () => {
    // One file, to run as a script (the dynamic import of the validators, unused here, is dropped with the client).
    const code = await bundleForBrowser(oneResource(baseUrl), "run", { splitting: false });
    // Web platform globals only: no process, require, Buffer or module.
    const web = {
      fetch, Request, Response, Headers, FormData, Blob, File, URL, URLSearchParams, AbortController, AbortSignal,
      ReadableStream, TextEncoder, TextDecoder, DOMException, setTimeout, clearTimeout, console, structuredClone, atob,
      btoa, queueMicrotask, crypto,
    };
    const realm: Record<string, unknown> = { ...web };
    realm["globalThis"] = realm;
    // An ES module body run as a script: the bundle has no imports or exports left.
    runInNewContext(code.replace(/^export\s*\{[^}]*\};?\s*$/m, ""), realm);
    await expect(realm["result"]).resolves.toEqual({
      uuid: CONTACT_UUID,
      path: `/leads/api/leads/${CONTACT_UUID}`,
      auth: "Bearer key",
    });
    expect(realm).not.toHaveProperty("process");
  });
});

describe("smaller bundles: one resource on one Transport", () => {
  it("leaves the other resources out: no other resource's class or path is in the bundle", async () => {
    // Whitespace and syntax minified (comments gone: a method's JSDoc may name another resource's path), names kept.
    const code = await bundleForBrowser(oneResource(baseUrl), "one", { minifyKeepingNames: true });
    expect(declaresClass(code, "Contacts")).toBe(true);
    expect(code).toContain("/leads/api/leads/");
    for (const other of ["Tasks", "LinkedinMessages", "AutomationVersions", "Webhooks", "Companies", "Mailboxes"]) {
      expect(declaresClass(code, other), other).toBe(false);
    }
    for (const otherPath of ["/flows/api/tasks", "/flows/api/linkedin-messages", "/integrations/api/webhooks"]) {
      expect(code, otherPath).not.toContain(otherPath);
    }
    // Nor the whole client, the validators or the flow builder.
    expect(declaresClass(code, "Grinfi")).toBe(false);
    expect(code).not.toMatch(/function validateFlow\b/);
    // Nor the code that checks and captures answers, which only a client with validateResponses or capture loads.
    expect(code).not.toMatch(/function findDrift\b|function scanRecording\b|class Capture\b|\bCapture\s*=\s*class\b/);
  });

  it("the check has teeth: new Grinfi() keeps every resource", async () => {
    const source = [
      `import { Grinfi } from ${JSON.stringify(entry)};`,
      `globalThis.result = new Grinfi({ apiKey: "key", baseUrl: ${JSON.stringify(baseUrl)} }).contacts.get({ uuid: "x" });`,
    ].join("\n");
    const code = await bundleForBrowser(source, "all", { minifyKeepingNames: true });
    expect(declaresClass(code, "Tasks")).toBe(true);
    expect(code).toContain("/flows/api/tasks");
  });

  it("comes to about 10 KB minified and gzipped, openapi-fetch included (under 11 KB)", async () => {
    const bytes = gzipSync(await bundleForBrowser(oneResource(baseUrl), "size", { minify: true }), { level: 9 }).length;
    expect(bytes).toBeLessThan(11 * 1024);
  });
});
