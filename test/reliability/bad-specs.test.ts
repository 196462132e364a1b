/**
 * The bad-spec corpus (bad-specs/cases.ts): every case is the control spec (bad-specs/_valid/) with exactly one
 * defect, built into a temporary folder here, and says where the toolchain must point: file, line, JSON pointer,
 * and a pattern for the message.
 *
 * Each command listed in `commands` must fail cleanly: exit 1 (SpecError, not a crash), a finding naming the file
 * (a relative path), the line and the JSON pointer, with a message matching the case, a hint ("→ …") wherever the
 * output format has one, no stack trace, nothing written (the --out bundle absent, a generated folder byte for
 * byte unchanged), within 60 s and 1.5 GB. Commands not listed may accept the spec (bundle does not run the lint
 * rules) but must not crash either. Whatever generate refuses, lint reports first, at the same place.
 *
 * Every case runs in process (loadSpec, the lint engine, generate); a representative subset, the generated cases
 * and the recording cases also run as real CLI processes. RELIABILITY_FULL=1 runs every case and command as a
 * process (slow: about 2 s a run).
 */
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, isAbsolute, join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SpecError, type Finding } from "../../generator/src/errors.ts";
import { generate } from "../../generator/src/generate.ts";
import { lintBundle } from "../../generator/src/lint/engine.ts";
import { loadSpec } from "../../generator/src/load/index.ts";
import { CASE_NAMES, VALID, writeCase, type BadSpecCase, type Command } from "./bad-specs/cases.ts";
import { repoRoot } from "../helpers/spec-fixture.ts";

const COMMANDS: Command[] = ["bundle", "lint", "generate", "contract"];

interface Case extends BadSpecCase {
  /** The spec folder, built from the control spec. */
  dir: string;
}

const HANG_MS = 60_000;
const MEMORY_LIMIT_KB = 1.5 * 1024 * 1024;
const FULL = process.env.RELIABILITY_FULL === "1";
/** Run as processes by default: every command kind, every layer (YAML, merge, refs, model, recordings) at least once. */
const CLI_CASES: Partial<Record<string, Command[]>> = {
  "invalid-yaml": ["bundle"],
  "circular-ref": ["generate"],
  "ref-escapes-folder": ["lint"],
  "empty-root": ["bundle"],
  "binary-garbage": ["generate"],
  "alias-cycle": ["bundle"],
  "tag-group-without-tags": ["generate"],
  "nullable-keyword": ["lint"],
  "duplicate-x-method": ["generate"],
  "x-method-then": ["lint", "generate"],
  "folder-instead-of-file": ["generate"],
  "huge-file": ["bundle", "lint", "generate"],
  "deep-nesting": ["bundle", "lint", "generate"],
  "recording-unknown-operation": ["contract"],
  "recording-undocumented-status": ["contract"],
  "recording-not-json": ["contract"],
};

const scratch = mkdtempSync(join(tmpdir(), "grinfi-bad-specs-"));
const cases: Case[] = CASE_NAMES.map((name) => ({ ...writeCase(name, join(scratch, "specs", name)), dir: join(scratch, "specs", name) }));
/** `generate` of the control spec, made once; each run gets its own copy as --out. */
const generatedCopy = join(scratch, "generated-control");

beforeAll(async () => {
  await generate({ specDir: VALID, outDir: generatedCopy });
});

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// --- what a failure must look like -------------------------------------------------------------------------------

/** One reported problem, whichever way it was reported (Finding object or parsed CLI output). */
interface Reported {
  file: string;
  line: number;
  pointer: string;
  message: string;
  rule: string;
  hint?: string;
  /** False for lint-rule findings: the lint formats give the remedy in the message, without a "→" line. */
  hintExpected: boolean;
}

function fromFindings(findings: Finding[], hintExpected: boolean): Reported[] {
  return findings
    .filter((f) => f.severity === "error")
    .map((f) => ({ file: f.location?.file ?? "", line: f.location?.line ?? 0, pointer: f.location?.pointer ?? "(none)", message: f.message, rule: f.rule, hint: f.hint, hintExpected }));
}

/**
 * Problems printed by the CLI: SpecError lines (`file:line:col (pointer) error [rule] message` + `    → hint`),
 * lint's pretty format (file heading, `  line:col  error  message  rule`, `at pointer`, `→ hint`) and the contract
 * table (`  error   file at pointer: message` + `line N → hint`).
 */
function parseCliOutput(output: string): Reported[] {
  const found: Reported[] = [];
  const lines = output.split("\n");
  let heading = "";
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i]!;
    const next = lines[i + 1] ?? "";
    const specError = /^(\S.*?):(\d+):\d+ \((.*)\) error \[(\S+)\] (.*)$/.exec(text);
    if (specError) {
      const hint = /^ {4}→ (.+)$/.exec(next)?.[1];
      found.push({ file: specError[1]!, line: Number(specError[2]), pointer: specError[3] === "/" ? "" : specError[3]!, rule: specError[4]!, message: specError[5]!, hint, hintExpected: true });
      continue;
    }
    const lint = /^ {2}(\d+):\d+\s+error\s+(.*?) {2}(\S+)$/.exec(text);
    if (lint) {
      let pointer = "";
      let hint: string | undefined;
      for (let j = i + 1; j < lines.length && /^ {10,}\S/.test(lines[j]!); j++) {
        const detail = lines[j]!.trim();
        if (detail.startsWith("at ")) pointer = detail.slice(3);
        else if (detail.startsWith("→ ")) hint = detail.slice(2);
      }
      found.push({ file: heading, line: Number(lint[1]), pointer, rule: lint[3]!, message: lint[2]!, hint, hintExpected: false });
      continue;
    }
    const contract = /^ +error +(\S+) at (\S+): (.*)$/.exec(text);
    if (contract) {
      const detail = /^ +(?:line (\d+) )?→ (.+)$/.exec(next);
      found.push({ file: contract[1]!, line: Number(detail?.[1] ?? 0), pointer: contract[2]!, rule: "contract", message: contract[3]!, hint: detail?.[2], hintExpected: true });
      continue;
    }
    if (/^\S/.test(text) && !text.includes(" ")) heading = text;
  }
  return found;
}

/** The case's finding among those reported: same file, line and pointer, matching message, with its hint. */
function expectCaseFinding(entry: Case, reported: Reported[], context: string): void {
  const message = new RegExp(entry.message);
  const describe = reported.map((r) => `${r.file}:${r.line} (${r.pointer}) [${r.rule}] ${r.message}${r.hint ? ` → ${r.hint}` : ""}`).join("\n  ");
  const match = reported.find(
    (r) =>
      r.file.endsWith(entry.file) &&
      r.line === entry.line &&
      // After a syntax error the parser's view of the structure is a guess: its pointer may run deeper.
      (r.pointer === entry.pointer || (r.rule === "yaml-syntax" && r.pointer.startsWith(entry.pointer))) &&
      message.test(r.message),
  );
  expect(match, `${context}: no finding at ${entry.file}:${entry.line} (${entry.pointer}) matching /${entry.message}/ among:\n  ${describe}`).toBeDefined();
  expect(isAbsolute(match!.file), `${context}: ${match!.file} should be relative`).toBe(false);
  if (match!.hintExpected) expect(match!.hint, `${context}: the finding has no hint`).toBeTruthy();
  for (const r of reported) expect(r.file, `${context}: every error is located`).not.toBe("");
}

/** Every file under a folder, with its bytes; and the folder's siblings (a failed swap would leave staging dirs). */
function snapshot(dir: string): { files: Map<string, Buffer>; siblings: string[] } {
  const files = new Map<string, Buffer>();
  const walk = (at: string) => {
    for (const name of readdirSync(at)) {
      const full = join(at, name);
      if (statSync(full).isDirectory()) walk(full);
      else files.set(relative(dir, full), readFileSync(full));
    }
  };
  walk(dir);
  return { files, siblings: readdirSync(dirname(dir)).sort() };
}

function expectUnchanged(before: ReturnType<typeof snapshot>, dir: string, context: string): void {
  const after = snapshot(dir);
  expect([...after.files.keys()].sort(), `${context}: the output folder's files`).toEqual([...before.files.keys()].sort());
  for (const [path, bytes] of before.files) expect(after.files.get(path)?.equals(bytes), `${context}: ${path} changed`).toBe(true);
  expect(after.siblings, `${context}: next to the output folder`).toEqual(before.siblings);
}

/** A fresh copy of the control's generated folder, alone in its own directory. */
function outputCopy(): string {
  const out = join(mkdtempSync(join(scratch, "out-")), "generated");
  cpSync(generatedCopy, out, { recursive: true });
  return out;
}

// --- in process ----------------------------------------------------------------------------------------------------

/** Runs one command in process; a SpecError becomes its findings, anything else is thrown (and fails the test). */
async function runInProcess(entry: Case, command: Command): Promise<{ failed: boolean; reported: Reported[]; out?: string; before?: ReturnType<typeof snapshot> }> {
  try {
    if (command === "bundle") {
      await loadSpec(entry.dir);
      return { failed: false, reported: [] };
    }
    if (command === "lint") {
      // As `grinfi-codegen lint`: structure as SpecError first, then the lint rules.
      const findings = await lintBundle(await loadSpec(entry.dir, { openApiStructure: false }));
      const reported = fromFindings(findings, false);
      return { failed: reported.length > 0, reported };
    }
    const out = outputCopy();
    const before = snapshot(out);
    try {
      await generate({ specDir: entry.dir, outDir: out });
    } catch (error) {
      if (error instanceof SpecError) return { failed: true, reported: fromFindings(error.findings, true), out, before };
      throw error;
    }
    return { failed: false, reported: [], out, before };
  } catch (error) {
    if (error instanceof SpecError) return { failed: true, reported: fromFindings(error.findings, true) };
    throw error;
  }
}

describe("the bad-spec corpus", () => {
  it("has at least 50 cases, each naming a file of its spec and commands that exist", () => {
    expect(cases.length).toBeGreaterThanOrEqual(50);
    expect(new Set(cases.map((entry) => entry.name)).size).toBe(cases.length);
    for (const entry of cases) {
      expect(entry.commands.length, entry.name).toBeGreaterThan(0);
      for (const command of entry.commands) expect(COMMANDS, entry.name).toContain(command);
      expect(() => new RegExp(entry.message), entry.name).not.toThrow();
      expect(existsSync(join(entry.dir, entry.file)), `${entry.name}: ${entry.file}`).toBe(true);
    }
  });

  it("fails lint on every spec generate refuses: lint finds whatever generate can hit", () => {
    const unlinted = cases.filter((entry) => entry.commands.includes("generate") && !entry.commands.includes("lint")).map((entry) => entry.name);
    expect(unlinted).toEqual([]);
  });

  it("starts from a control spec that passes bundle, lint, generate and contract", async () => {
    const control: Case = { name: "_valid", dir: VALID, defect: "", file: "", line: 0, pointer: "", message: "", commands: [] };
    for (const command of ["bundle", "lint", "generate"] as const) {
      const result = await runInProcess(control, command);
      expect(result.reported, command).toEqual([]);
      expect(result.failed, command).toBe(false);
    }
    const contract = await runCliCommand(control, "contract");
    expect(contract.status, contract.output).toBe(0);
  });
});

describe("each bad spec, in process", () => {
  for (const entry of cases.filter((c) => !c.commands.includes("contract"))) {
    it(`${entry.name}: ${entry.defect}`, async () => {
      for (const command of ["bundle", "lint", "generate"] as const) {
        const result = await runInProcess(entry, command);
        const context = `${entry.name} / ${command}`;
        if (entry.commands.includes(command)) {
          expect(result.failed, `${context} should fail`).toBe(true);
          expectCaseFinding(entry, result.reported, context);
          if (result.out && result.before) expectUnchanged(result.before, result.out, context);
        } else if (result.failed) {
          // Not this command's business, but if it does object it must say where.
          for (const r of result.reported) expect(r.file, `${context}: ${r.message}`).not.toBe("");
        }
      }
    });
  }
});

// --- as processes --------------------------------------------------------------------------------------------------

interface CliRun {
  status: number | null;
  output: string;
  stdout: string;
  stderr: string;
  /** Peak resident memory in KB (GNU time), when available. */
  peakKb?: number;
  hung: boolean;
  bundleOut: string;
  out?: string;
  before?: ReturnType<typeof snapshot>;
}

const GNU_TIME = existsSync("/usr/bin/time") ? "/usr/bin/time" : undefined;
/** The CLI costs ~1 s of CPU a run on a 2-core machine: a few at a time. */
let running = 0;
const waiting: (() => void)[] = [];
async function slot<T>(task: () => Promise<T>): Promise<T> {
  if (running >= 3) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await task();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

function runCliCommand(entry: Case, command: Command): Promise<CliRun> {
  return slot(async () => {
    const work = mkdtempSync(join(scratch, "cli-"));
    const bundleOut = join(work, "bundle", "openapi.yaml");
    const args = ["--spec", entry.dir];
    let out: string | undefined;
    let before: ReturnType<typeof snapshot> | undefined;
    if (command === "bundle") args.push("--out", bundleOut);
    if (command === "generate") {
      out = outputCopy();
      before = snapshot(out);
      args.push("--out", out);
    }
    if (command === "contract") args.push("--recordings", join(entry.dir, "recordings"));
    const timeFile = join(work, "peak-kb");
    const node = [process.execPath, join(repoRoot, "scripts", "grinfi-codegen.mjs"), command, ...args];
    const [program, ...programArgs] = GNU_TIME ? [GNU_TIME, "-f", "%M", "-o", timeFile, ...node] : node;
    const result = await new Promise<{ status: number | null; stdout: string; stderr: string; hung: boolean }>((resolve) => {
      // Its own process group, so that a hang is killed with everything it started (time and node).
      const child = spawn(program!, programArgs, { cwd: repoRoot, detached: true, stdio: ["ignore", "pipe", "pipe"] });
      let stdout = "";
      let stderr = "";
      let hung = false;
      child.stdout.on("data", (chunk: Buffer) => (stdout += chunk));
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk));
      const timer = setTimeout(() => {
        hung = true;
        process.kill(-child.pid!, "SIGKILL");
      }, HANG_MS);
      child.on("close", (status) => {
        clearTimeout(timer);
        resolve({ status, stdout, stderr, hung });
      });
    });
    const peak = existsSync(timeFile) ? Number(readFileSync(timeFile, "utf8").trim().split("\n").pop()) : undefined;
    return { ...result, output: result.stdout + result.stderr, peakKb: Number.isFinite(peak) ? peak : undefined, bundleOut, out, before };
  });
}

function expectCleanFailure(entry: Case, command: Command, run: CliRun): void {
  const context = `${entry.name} / grinfi-codegen ${command}`;
  expect(run.hung, `${context} did not finish within ${HANG_MS / 1000} s`).toBe(false);
  expect(run.status, `${context}:\n${run.output}`).toBe(1);
  expect(run.output, context).not.toMatch(/^ {4}at .+:\d+:\d+\)?$/m); // no stack frames without --debug
  expect(run.output, context).not.toContain("failed unexpectedly");
  expectCaseFinding(entry, parseCliOutput(run.output), context);
  expect(existsSync(run.bundleOut), `${context} wrote the bundle`).toBe(false);
  expect(readdirSync(dirname(dirname(run.bundleOut))).filter((name) => name !== "peak-kb"), `${context} left files behind`).toEqual([]);
  if (run.out && run.before) expectUnchanged(run.before, run.out, context);
  if (run.peakKb !== undefined) expect(run.peakKb, `${context}: peak memory ${Math.round(run.peakKb / 1024)} MB`).toBeLessThan(MEMORY_LIMIT_KB);
}

describe.concurrent("each bad spec, through the CLI", () => {
  const selected = cases.flatMap((entry) => {
    const commands = FULL ? entry.commands : (CLI_CASES[entry.name] ?? []);
    return commands.length ? [{ entry, commands }] : [];
  });

  it("covers at least 10 cases, the generated ones and every command", () => {
    const names = selected.map(({ entry }) => entry.name);
    expect(names.length).toBeGreaterThanOrEqual(10);
    expect(names).toEqual(expect.arrayContaining(["huge-file", "deep-nesting"]));
    expect(new Set(selected.flatMap(({ commands }) => commands))).toEqual(new Set(COMMANDS));
    for (const { entry, commands } of selected) for (const command of commands) expect(entry.commands, `${entry.name} ${command}`).toContain(command);
  });

  for (const { entry, commands } of selected) {
    it(`${entry.name}: ${commands.join(", ")}`, async () => {
      const runs = await Promise.all(commands.map((command) => runCliCommand(entry, command)));
      commands.forEach((command, index) => expectCleanFailure(entry, command, runs[index]!));
    });
  }
});

describe("the generated cases", () => {
  it("are what they say: 50 MB, and 200 levels whose first too deep key is on the line named", () => {
    const huge = cases.find((c) => c.name === "huge-file")!;
    expect(statSync(join(huge.dir, huge.file)).size).toBeGreaterThan(50 * 1024 * 1024);
    const deep = cases.find((c) => c.name === "deep-nesting")!;
    const lines = readFileSync(join(deep.dir, deep.file), "utf8").split("\n");
    const level = (deep.pointer.match(/\/properties\/n/g) ?? []).length;
    expect(lines[deep.line - 1]).toBe(`${" ".repeat(8 + 4 * (level - 1))}n:`);
  });
});
