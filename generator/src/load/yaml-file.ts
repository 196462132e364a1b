import { createHash } from "node:crypto";
import { isUtf8 } from "node:buffer";
import { readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from "yaml";
import { cacheFolder, writeCacheFile } from "../cache.ts";
import { SpecError, type Finding, type SourceLocation } from "../errors.ts";
import { joinPointer, parentPointer } from "./pointer.ts";

/** Larger files are refused before parsing: no hand-written spec file comes near this. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;
/** Deeper nesting is refused: it is never intended and would make later recursive passes expensive. */
export const MAX_DEPTH = 64;

/** A parsed YAML file that still knows where each of its nodes came from. */
export interface YamlFile {
  /** Path as shown to people (relative to the working directory). */
  file: string;
  value: unknown;
  /** Line and column of the node at a JSON pointer inside this file (the key's position for map entries). */
  locate(pointer: string): SourceLocation | undefined;
}

export function loadYamlFile(path: string, displayPath: string): YamlFile {
  const wholeFile = { file: displayPath, line: 1, column: 1, pointer: "" };
  let stats;
  try {
    stats = statSync(path);
  } catch {
    throw SpecError.single("file-missing", `cannot read ${displayPath}`, undefined, "check the path; every file the spec names must exist");
  }
  if (!stats.isFile()) {
    const what = stats.isDirectory() ? "a folder" : "not a regular file";
    throw SpecError.single("file-not-a-file", `${displayPath} is ${what}, not a YAML file`, wholeFile, "spec files are YAML files: move it away or replace it with the file");
  }
  if (stats.size > MAX_FILE_BYTES) {
    throw SpecError.single(
      "file-too-large",
      `${displayPath} is ${(stats.size / 1048576).toFixed(1)} MB; spec files are limited to ${MAX_FILE_BYTES / 1048576} MB`,
      wholeFile,
      "split the file by resource, or remove generated content from it",
    );
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw SpecError.single("file-missing", `cannot read ${displayPath}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, wholeFile, "check the file's permissions");
  }
  return parseYamlText(decodeText(bytes, displayPath), displayPath);
}

/** YAML forbids these outside escapes; a file holding one raw is binary or damaged, not a spec file. */
const CONTROL_CHARACTER = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/**
 * The text of a spec file, which must be UTF-8 without control characters. Node's decoder would quietly turn
 * invalid bytes into U+FFFD and the YAML parser accepts a NUL inside a plain scalar: the spec would then say
 * something its file does not.
 */
function decodeText(bytes: Buffer, file: string): string {
  if (!isUtf8(bytes)) {
    // A multi-byte character never contains a line feed, so the file can be checked line by line.
    let line = 1;
    for (let start = 0, end = 0; end <= bytes.length; end++) {
      if (end < bytes.length && bytes[end] !== 0x0a) continue;
      if (!isUtf8(bytes.subarray(start, end))) break;
      line++;
      start = end + 1;
    }
    throw SpecError.single("file-encoding", `${file} is not UTF-8 text: line ${line} holds bytes that are not UTF-8`, { file, line, column: 1, pointer: "" }, "save the file as UTF-8; spec files are text");
  }
  const text = bytes.toString("utf8");
  const control = CONTROL_CHARACTER.exec(text);
  if (control) {
    const before = text.slice(0, control.index);
    const line = before.split("\n").length;
    const column = control.index - before.lastIndexOf("\n");
    const code = `U+${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`;
    throw SpecError.single(
      "file-encoding",
      `${file} holds a control character (${code}${code === "U+0000" ? ", NUL" : ""}) at line ${line}, column ${column}`,
      { file, line, column, pointer: "" },
      "remove it: spec files are plain text (a value that needs one writes it as an escape in double quotes)",
    );
  }
  return text;
}

/** Changes whenever what a parse produces could change: this format, the parser's version, the depth limit. */
let parseCacheVersion: string | undefined;

interface ParsedYaml {
  value: unknown;
  /** JSON pointer → offset of the node (or its key) in the text. */
  offsets: Map<string, number>;
}

/**
 * Parses a spec file, keeping its positions. Parsing YAML with positions is the slowest step of loading the spec,
 * and most runs see the same files as the run before: when the CLI keeps a cache (see cache.ts), a file whose text
 * is unchanged is read back from it instead. Only files that parsed without problems are kept, so every error is
 * still found and reported by the parser itself.
 */
export function parseYamlText(text: string, file: string): YamlFile {
  const folder = cacheFolder("parse");
  const cacheFile = folder === undefined ? undefined : join(folder, `${cacheKey(text)}.json`);
  const cached = cacheFile === undefined ? undefined : readCachedParse(cacheFile);
  const at = locator(text, file);
  const parsed = cached ?? parseWithPositions(text, at);
  if (cacheFile !== undefined && cached === undefined) writeCachedParse(cacheFile, parsed);
  return {
    file,
    value: parsed.value,
    locate(pointer) {
      const offset = parsed.offsets.get(pointer);
      return offset === undefined ? undefined : at(offset, pointer);
    },
  };
}

/** Offset → line and column, counting the lines only when a location is first asked for. */
function locator(text: string, file: string): (offset: number, pointer: string) => SourceLocation {
  let lineCounter: LineCounter | undefined;
  return (offset, pointer) => {
    if (!lineCounter) {
      lineCounter = new LineCounter();
      lineCounter.addNewLine(0);
      for (let at = text.indexOf("\n"); at !== -1; at = text.indexOf("\n", at + 1)) lineCounter.addNewLine(at + 1);
    }
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col, pointer };
  };
}

function readCachedParse(cacheFile: string): ParsedYaml | undefined {
  try {
    const { value, offsets } = JSON.parse(readFileSync(cacheFile, "utf8")) as { value: unknown; offsets: [string, number][] };
    return { value, offsets: new Map(offsets) };
  } catch {
    // Missing, or unreadable after a crash mid-write: parse the file again.
    return undefined;
  }
}

function writeCachedParse(cacheFile: string, parsed: ParsedYaml): void {
  writeCacheFile(cacheFile, JSON.stringify({ value: parsed.value, offsets: [...parsed.offsets] }));
}

function cacheKey(text: string): string {
  parseCacheVersion ??= `1;yaml@${(createRequire(import.meta.url)("yaml/package.json") as { version: string }).version};depth=${MAX_DEPTH}`;
  return createHash("sha256").update(parseCacheVersion).update("\0").update(text).digest("hex");
}

function parseWithPositions(text: string, at: (offset: number, pointer: string) => SourceLocation): ParsedYaml {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false, strict: true });
  // After the first syntax error the parser's view of the rest is guesswork: report that one only.
  const problems = [...doc.errors, ...doc.warnings].slice(0, 1);
  if (problems.length > 0) {
    const findings: Finding[] = problems.map((problem) => ({
      rule: "yaml-syntax",
      severity: "error",
      message: problem.message.split("\n")[0] ?? problem.message,
      hint: problem.code === "DUPLICATE_KEY" ? "remove or rename one of the two keys" : "fix the YAML syntax (indentation, quoting, colons)",
      location: at(problem.pos[0], pointerNear(doc.contents, problem.pos[0])),
    }));
    throw new SpecError(findings);
  }

  const offsets = new Map<string, number>();
  const walk = (node: Node | null | undefined, pointer: string, depth: number, keyOffset?: number): void => {
    if (!node) {
      // A key without a value (`? key`) still has a place.
      if (keyOffset !== undefined) offsets.set(pointer, keyOffset);
      return;
    }
    offsets.set(pointer, keyOffset ?? node.range?.[0] ?? 0);
    if (depth > MAX_DEPTH) {
      throw SpecError.single("too-deep", `nesting deeper than ${MAX_DEPTH} levels`, at(keyOffset ?? node.range?.[0] ?? 0, pointer), "flatten the structure with named components and $ref");
    }
    if (isMap(node)) {
      for (const pair of node.items) {
        const keyNode = pair.key as Node | null;
        // JSON keys are text: a list, mapping, alias or tagged object (!!binary) as a key has no JSON meaning.
        if (!isScalar(keyNode) || (keyNode.value !== null && typeof keyNode.value === "object")) {
          throw SpecError.single("yaml-key", "a mapping key must be plain text, not a list, mapping, alias or tagged value", at(keyNode?.range?.[0] ?? node.range?.[0] ?? 0, pointer), "write the key as text (quote it if it looks like something else)");
        }
        // As toJS names it: an empty key (`: x`) is "", not "null".
        const key = keyNode.value === null ? "" : String(keyNode.value);
        walk(pair.value as Node | null, joinPointer(pointer, key), depth + 1, keyNode.range?.[0]);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => walk(item as Node, joinPointer(pointer, index), depth + 1));
    }
  };
  walk(doc.contents as Node | null, "", 0);

  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    throw SpecError.single("yaml-syntax", (error as Error).message, at(0, ""), "avoid YAML aliases that expand into huge documents");
  }
  const locate = (pointer: string): SourceLocation | undefined => {
    const offset = offsets.get(pointer);
    return offset === undefined ? undefined : at(offset, pointer);
  };
  const problem = notJson(value, "", []);
  if (problem) {
    throw SpecError.single("yaml-value", problem.message, nearestLocation(locate, problem.pointer), "write plain JSON-compatible values: text, finite numbers, true/false, null, lists and mappings");
  }
  return { value, offsets };
}

/**
 * The first value JSON cannot hold: YAML tags such as !!binary, !!set, !!omap or !!timestamp make buffers, sets, maps
 * and dates; `.inf` and `.nan` are numbers JSON lacks; an alias inside its own anchor makes a cycle.
 */
function notJson(value: unknown, pointer: string, ancestors: unknown[]): { message: string; pointer: string } | undefined {
  if (value === null || typeof value === "string" || typeof value === "boolean") return undefined;
  if (typeof value === "number") return Number.isFinite(value) ? undefined : { message: `${value} is not a JSON number`, pointer };
  if (typeof value !== "object") return { message: `a ${typeof value} is not a JSON value`, pointer };
  if (ancestors.includes(value)) return { message: "a YAML alias refers to a node that contains it, which makes an endless document", pointer };
  const isArray = Array.isArray(value);
  if (!isArray && Object.getPrototypeOf(value) !== Object.prototype) {
    return { message: `a ${(value as object).constructor?.name ?? "tagged"} value (from a YAML tag such as !!binary, !!set, !!omap or !!timestamp) is not a JSON value`, pointer };
  }
  ancestors.push(value);
  try {
    const entries: [string | number, unknown][] = isArray ? (value as unknown[]).map((item, index) => [index, item]) : Object.entries(value);
    for (const [key, item] of entries) {
      const found = notJson(item, joinPointer(pointer, key), ancestors);
      if (found) return found;
    }
  } finally {
    ancestors.pop();
  }
  return undefined;
}

function nearestLocation(locate: (pointer: string) => SourceLocation | undefined, pointer: string): SourceLocation | undefined {
  for (let p: string | undefined = pointer; p !== undefined; p = parentPointer(p)) {
    const location = locate(p);
    if (location) return { ...location, pointer };
  }
  return undefined;
}

/** Best-effort pointer of the innermost map entry whose range contains an offset (used for syntax errors). */
function pointerNear(root: unknown, offset: number): string {
  let pointer = "";
  let node = root as Node | null;
  for (let guard = 0; node && guard < MAX_DEPTH; guard++) {
    let next: Node | null = null;
    if (isMap(node)) {
      for (const pair of node.items) {
        const value = pair.value as Node | null;
        const start = (pair.key as Node | null)?.range?.[0] ?? value?.range?.[0];
        const end = value?.range?.[2] ?? (pair.key as Node | null)?.range?.[2];
        if (start !== undefined && end !== undefined && offset >= start && offset <= end) {
          pointer = joinPointer(pointer, isScalar(pair.key) ? String(pair.key.value) : String(pair.key));
          next = value;
          break;
        }
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => {
        const range = (item as Node).range;
        if (!next && range && offset >= range[0] && offset <= range[2]) {
          pointer = joinPointer(pointer, index);
          next = item as Node;
        }
      });
    }
    node = next;
  }
  return pointer;
}
