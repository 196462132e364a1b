/**
 * Writes a JSON value (what the loader produces: maps, lists, text, finite numbers, booleans, null) as block-style
 * YAML. The bundle is written on every `generate`; the `yaml` package's general-purpose stringifier took a quarter
 * of a run for it (it weighs every scalar against every tag of its schema and builds a node tree first). Plain JSON
 * data needs none of that, and the rules here lean to quoting: text is written plain only when it cannot read as
 * anything else in YAML 1.2 or YAML 1.1 (PyYAML and older tools), multi-line text as a literal block when that
 * block reads back exactly, and everything else as a JSON string, which is valid double-quoted YAML.
 * Tests read every output back with the `yaml` package, on the real spec and on generated values.
 */
export function writeYaml(value: unknown): string {
  const lines: string[] = [];
  if (isCollection(value) && !isEmpty(value)) writeCollection(value, "", lines);
  else lines.push(scalarOrEmpty(value, "  "));
  return lines.join("\n") + "\n";
}

type Collection = Record<string, unknown> | unknown[];

function isCollection(value: unknown): value is Collection {
  return value !== null && typeof value === "object";
}

function isEmpty(value: Collection): boolean {
  return Array.isArray(value) ? value.length === 0 : Object.keys(value).length === 0;
}

/** The lines of a non-empty map or list whose entries start at `indent`. */
function writeCollection(value: Collection, indent: string, lines: string[]): void {
  if (Array.isArray(value)) {
    for (const item of value) writeEntry(`${indent}-`, item, `${indent}  `, lines, true);
  } else {
    for (const [key, item] of Object.entries(value)) writeEntry(`${indent}${keyText(key)}:`, item, `${indent}  `, lines, false);
  }
}

/** One `key:` or `-` entry: a scalar on the same line, a nested collection below (a map item's first key after `- `). */
function writeEntry(head: string, value: unknown, inner: string, lines: string[], isItem: boolean): void {
  if (!isCollection(value) || isEmpty(value)) {
    lines.push(`${head} ${scalarOrEmpty(value, inner)}`);
    return;
  }
  if (isItem && !Array.isArray(value)) {
    // `- key: value` with the map's other keys aligned under the first.
    const start = lines.length;
    writeCollection(value, inner, lines);
    lines[start] = `${head} ${lines[start]!.slice(inner.length)}`;
    return;
  }
  lines.push(head);
  writeCollection(value, inner, lines);
}

function scalarOrEmpty(value: unknown, indent: string): string {
  if (Array.isArray(value)) return "[]";
  if (isCollection(value)) return "{}";
  if (typeof value === "string") return text(value, indent);
  if (value === null || typeof value === "boolean") return String(value);
  if (typeof value === "number" && Number.isFinite(value)) return JSON.stringify(value);
  throw new TypeError(`${String(value)} is not a JSON value`);
}

/**
 * Text that a YAML 1.2 (core schema) or YAML 1.1 reader could take for something else: a superset of both
 * specifications' implicit types — null, booleans (1.1: y/n/yes/no/on/off), integers (decimal, 0x, 0o, 1.1's 0b,
 * octal and sexagesimal `1:20`), floats (`.5`, `1e3`, `.inf`, `.nan`), 1.1 timestamps, and the `<<` / `=` keys.
 */
const AMBIGUOUS_WORD = /^(?:~|null|true|false|y|n|yes|no|on|off|=|<<)$/i;
const NUMBER_LIKE = /^[-+]?(?:0b[01_]+|0o?[0-7_]+|0x[\da-f_]+|\d[\d_]*(?::[0-5]?\d)*(?:\.[\d_.]*)?(?:e[-+]?\d+)?|\.[\d_.]*(?:e[-+]?\d+)?|\.(?:inf|nan))$/i;
const DATE_LIKE = /^\d{4}-\d\d?-\d\d?/;
/** Document markers: at the start of a line they end or start a document. */
const MARKER = /^(?:---|\.\.\.)/;

/** Characters that start something else when they open a plain scalar. */
const INDICATOR_START = /^[-?:,[\]{}#&*!|>'"%@`\s]/;
/** Control characters, and characters YAML treats as line breaks or byte-order marks. */
const SPECIAL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff]/;

function isPlainSafe(value: string): boolean {
  return (
    value !== "" &&
    !INDICATOR_START.test(value) &&
    !/\s$/.test(value) &&
    !value.endsWith(":") &&
    !value.includes(": ") &&
    !value.includes(" #") &&
    !SPECIAL.test(value) &&
    !AMBIGUOUS_WORD.test(value) &&
    !NUMBER_LIKE.test(value) &&
    !DATE_LIKE.test(value) &&
    !MARKER.test(value)
  );
}

/**
 * A literal block (`|`, `|-`) reads back as the same text when: the first line with content starts with no space
 * (a reader takes the block's indentation from it), no line is only spaces (a reader would drop them), there are
 * no other special characters, and at most one line break ends the text.
 */
function isLiteralSafe(value: string): boolean {
  const body = value.endsWith("\n") ? value.slice(0, -1) : value;
  return (
    body.includes("\n") &&
    !body.endsWith("\n") &&
    !/^\n*[ \t]/.test(body) &&
    !/^[ \t]+$/m.test(body) &&
    !SPECIAL.test(body.replace(/[\n\t]/g, ""))
  );
}

/**
 * Single quotes (nothing to escape but `'` itself) for one-line text with double quotes in it, as it reads best;
 * otherwise JSON's string syntax, which is YAML's double-quoted one, with the characters JSON leaves raw but YAML
 * must not see escaped.
 */
function quoted(value: string): string {
  if (value.includes('"') && !value.includes("\n") && !SPECIAL.test(value)) return `'${value.replaceAll("'", "''")}'`;
  return JSON.stringify(value).replace(/[\u007f-\u009f\u2028\u2029\ufeff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

function keyText(key: string): string {
  return isPlainSafe(key) ? key : quoted(key);
}

function text(value: string, indent: string): string {
  if (isPlainSafe(value)) return value;
  if (isLiteralSafe(value)) {
    const keep = value.endsWith("\n");
    const body = keep ? value.slice(0, -1) : value;
    return `|${keep ? "" : "-"}\n${body.split("\n").map((line) => (line === "" ? "" : indent + line)).join("\n")}`;
  }
  return quoted(value);
}
