import { parseArgs } from "node:util";
import { resolve } from "node:path";
import { SpecError, formatFinding } from "./errors.ts";
import { loadSpec, serializeBundle } from "./load/index.ts";
import { writeFileAtomic } from "./write/atomic.ts";

const USAGE = `grinfi-codegen <command> [options]

Commands:
  bundle     merge spec/ into one OpenAPI 3.1 file (default generated/openapi.yaml)
  lint       lint the spec with Redocly's recommended rules and ours
  generate   write the SDK package to generated/ (atomically)
  check      fail, naming the files, when generated/ is not what generate would write
  docs       build a self-contained HTML API reference (Redoc, inlined) into build/docs/
  diff <base> <head>
             classify the changes between two spec versions (folders, bundled files or git refs such
             as origin/main) as breaking or not, and name the semver bump the SDK needs

Common options:
  --spec <dir>       spec folder (default: spec)
  --out <path>       bundle: the file to write (default: generated/openapi.yaml);
                     generate/check: the package folder (default: generated); docs: the folder (default: build/docs)
  --format <name>    lint: pretty | json | github | sarif (default: pretty); diff: markdown | json (default: markdown)
  --allow-breaking   diff: exit 0 even when a change is breaking
  --debug            print stack traces of unexpected failures
  -h, --help         this text
`;

/** Exit codes: 0 success, 1 the spec has errors, 2 the command line is wrong, 3 an unexpected failure. */
export async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        spec: { type: "string", default: "spec" },
        out: { type: "string" },
        format: { type: "string" },
        "allow-breaking": { type: "boolean", default: false },
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
