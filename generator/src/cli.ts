import { parseArgs } from "node:util";
import { resolve } from "node:path";
import { SpecError, formatFinding } from "./errors.ts";
import { loadSpec, serializeBundle } from "./load/index.ts";
import { useCache } from "./cache.ts";
import { CACHE_DIR } from "./paths.ts";
import { writeFileAtomic } from "./write/atomic.ts";

const USAGE = `grinfi-codegen <command> [options]

Commands:
  bundle     merge spec/ into one OpenAPI 3.1 file (default generated/openapi.yaml)
  lint       lint the spec with Redocly's recommended rules and ours
  generate   write the SDK package to generated/ (atomically)
  check      fail, naming the files, when generated/ is not what generate would write
  contract   check every recording in spec/recordings against the spec: bodies, statuses, drift, coverage
  mock       serve the API on 127.0.0.1 from the recordings (default port 4010), with fault injection
  record     capture recordings from the live API (needs GRINFI_API_KEY; read-only unless --allow-writes)
  docs       build a self-contained HTML API reference (Redoc, inlined) into build/docs/
  diff <base> <head>
             classify the changes between two spec versions (folders, bundled files or git refs such
             as origin/main) as breaking or not, and name the semver bump the SDK needs

Common options:
  --spec <dir>       spec folder (default: spec)
  --out <path>       bundle: the file to write (default: generated/openapi.yaml);
                     generate/check: the package folder (default: generated); docs: the folder (default: build/docs)
  --format <name>    lint: pretty | json | github | sarif (default: pretty); diff: markdown | json (default: markdown);
                     contract: table | json (default: table)
  --allow-breaking   diff: exit 0 even when a change is breaking
  --recordings <dir> contract/mock/record: the recordings folder (default: spec/recordings)
  --no-strict        contract: report drift (undocumented fields, undeclared enum values) as warnings
  --import <dir>     contract: first take in the answers an SDK client captured there (capture: { dir }):
                     privacy-scanned (nothing is filed if one fails), de-duplicated, filed under --recordings
  --port <n>         mock: the port (default 4010; 0 picks a free one)
  --base-url <url>   record: the API to record from (default https://leadgen.grinfi.io)
  --allow-writes     record: also run the writes that stay inside --sandbox-list <list uuid>
  --only <ids>       record: only these operationIds (comma-separated)
  --force            record: record again what was already recorded today
  --no-cache         start cold: parse every spec file, compile every example validator and print the
                     schema types and answer validators again instead of reusing what
                     node_modules/.cache/grinfi-codegen keeps (per file content, per set of schemas, per
                     emitter input), and the CLI's JavaScript instead of V8's code cache in generator/dist/cache
  --debug            print stack traces of unexpected failures
  -h, --help         this text
`;

/** Exit codes: 0 success, 1 the spec has errors, 2 the command line is wrong, 3 an unexpected failure. */
export async function main(argv: string[], build?: string): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      allowNegative: true,
      options: {
        spec: { type: "string", default: "spec" },
        out: { type: "string" },
        format: { type: "string" },
        "allow-breaking": { type: "boolean", default: false },
        recordings: { type: "string", default: "spec/recordings" },
        strict: { type: "boolean", default: true },
        import: { type: "string" },
        port: { type: "string" },
        "base-url": { type: "string" },
        "allow-writes": { type: "boolean", default: false },
        "sandbox-list": { type: "string" },
        only: { type: "string" },
        force: { type: "boolean", default: false },
        cache: { type: "boolean", default: true },
        debug: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command] = positionals;
  if (values.help || !command) {
    process.stdout.write(USAGE);
    return values.help ? 0 : 2;
  }
  const specDir = resolve(values.spec);
  useCache(values.cache ? CACHE_DIR : undefined, build);
  try {
    switch (command) {
      case "bundle": {
        const bundle = await loadSpec(specDir);
        const out = resolve(values.out ?? "generated/openapi.yaml");
        writeFileAtomic(out, serializeBundle(bundle.document));
        const operations = Object.values(bundle.document.paths).flatMap((item) => Object.keys(item)).length;
        process.stdout.write(`bundled ${bundle.files.length} files, ${operations} path entries → ${out}\n`);
        return 0;
      }
      case "generate": {
        const { generate } = await import("./generate.ts");
        const outDir = resolve(values.out ?? "generated");
        const files = await generate({ specDir, outDir });
        process.stdout.write(`generated ${files.size} files → ${outDir}\n`);
        return 0;
      }
      case "check": {
        const { checkGenerated } = await import("./generate.ts");
        const outDir = resolve(values.out ?? "generated");
        const stale = await checkGenerated({ specDir, outDir });
        const problems = [
          ...stale.changed.map((f) => `changed: ${f}`),
          ...stale.missing.map((f) => `missing: ${f}`),
          ...stale.extra.map((f) => `not generated: ${f}`),
        ];
        if (problems.length === 0) {
          process.stdout.write(`${outDir} is up to date\n`);
          return 0;
        }
        process.stderr.write(`${outDir} is stale; run \`npm run generate\` and commit the result:\n  ${problems.join("\n  ")}\n`);
        return 1;
      }
      case "diff": {
        const [, base, head] = positionals;
        if (!base || !head) {
          process.stderr.write(`diff needs two versions: grinfi-codegen diff <base> <head>\n\n${USAGE}`);
          return 2;
        }
        const { runDiff } = await import("./diff/command.ts");
        return await runDiff({ base, head, format: values.format ?? "markdown", allowBreaking: values["allow-breaking"] });
      }
      case "contract": {
        const { runContract, CONTRACT_FORMATS } = await import("./contract/check.ts");
        const format = values.format ?? "table";
        if (!(CONTRACT_FORMATS as readonly string[]).includes(format)) {
          process.stderr.write(`unknown format "${format}"; use ${CONTRACT_FORMATS.join(" or ")}\n`);
          return 2;
        }
        const contractOptions = { specDir, recordingsDir: resolve(values.recordings), format: format as (typeof CONTRACT_FORMATS)[number], strict: values.strict };
        if (values.import !== undefined) {
          const { runImport } = await import("./contract/import.ts");
          return await runImport({ ...contractOptions, importDir: resolve(values.import) });
        }
        return await runContract(contractOptions);
      }
      case "mock": {
        const { runMock } = await import("./mock/index.ts");
        const port = values.port === undefined ? undefined : Number(values.port);
        if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port < 65536)) {
          process.stderr.write(`--port must be a port number, not "${values.port}"\n`);
          return 2;
        }
        return await runMock({ specDir, recordingsDir: resolve(values.recordings), port });
      }
      case "record": {
        const { runRecord } = await import("./contract/record.ts");
        const controller = new AbortController();
        const stop = () => controller.abort();
        process.once("SIGINT", stop);
        try {
          return await runRecord({
            specDir,
            recordingsDir: resolve(values.recordings),
            baseUrl: values["base-url"],
            allowWrites: values["allow-writes"],
            sandboxList: values["sandbox-list"],
            only: values.only?.split(",").map((id) => id.trim()).filter(Boolean),
            force: values.force,
            signal: controller.signal,
          });
        } finally {
          process.off("SIGINT", stop);
        }
      }
      case "docs": {
        const { runDocs } = await import("./docs/build.ts");
        return await runDocs({ specDir, outDir: resolve(values.out ?? "build/docs") });
      }
      case "lint": {
        const { runLint } = await import("./lint/command.ts");
        return await runLint(specDir, values.format ?? "pretty");
      }
      default:
        process.stderr.write(`unknown command "${command}"\n\n${USAGE}`);
        return 2;
    }
  } catch (error) {
    if (error instanceof SpecError) {
      for (const finding of error.findings) process.stderr.write(formatFinding(finding) + "\n");
      process.stderr.write(`\n${command} failed: ${error.findings.length} problem(s); nothing was written.\n`);
      return 1;
    }
    process.stderr.write(`${command} failed unexpectedly: ${(error as Error).message}\n`);
    if (values.debug) process.stderr.write(`${(error as Error).stack}\n`);
    else process.stderr.write("(run again with --debug for the stack trace)\n");
    return 3;
  }
}
