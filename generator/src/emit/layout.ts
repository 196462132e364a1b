import { IDENTIFIER } from "../model/names.ts";

/**
 * Line layout of the emitted TypeScript: every line fits in MAX_LINE columns, as a formatter would leave it.
 * What does not fit is broken the way hand-written code is: JSDoc text at word boundaries, argument and parameter
 * lists one item per line, type aliases after the `=` and then at their top-level `&` or `|`.
 */
export const MAX_LINE = 120;

const INDENT = "  ";

/** Spec prose made safe inside a JSDoc comment: it cannot end the comment early. */
export function docText(text: string): string {
  return text.replace(/\*\//g, "*\\/").trim();
}

/**
 * A JSDoc comment at `indent`: on one line when it fits and has one line, else a block whose text is wrapped at
 * word boundaries. Blank lines (paragraphs) are kept; a list item's continuation lines are indented under it.
 */
export function docComment(text: string, indent = ""): string {
  const body = docText(text);
  if (!body) return "";
  const single = `${indent}/** ${body} */`;
  if (!body.includes("\n") && single.length <= MAX_LINE) return single;
  const prefix = `${indent} * `;
  const lines = body.split("\n").flatMap((line) => (line.trim() ? wrapText(line.trimEnd(), prefix) : [`${indent} *`]));
  return [`${indent}/**`, ...lines, `${indent} */`].join("\n");
}

/** One line of prose after `prefix`, wrapped at spaces; a list item's (`- `, `1. `) continuation is indented. */
function wrapText(line: string, prefix: string): string[] {
  const marker = /^(\s*(?:[-*]|\d+\.)\s+)/.exec(line)?.[1] ?? /^\s*/.exec(line)![0];
  const hanging = prefix + " ".repeat(marker.length);
  const lines: string[] = [];
  let current = prefix + line.slice(0, marker.length);
  let empty = true;
  // An inline tag (`{@link Contacts.search}`) is one word: a line break inside it would break the link.
  for (const word of line.slice(marker.length).match(/\{@link [^}]*\}\S*|\S+/g) ?? []) {
    if (!empty && current.length + 1 + word.length > MAX_LINE) {
      lines.push(current);
      current = hanging + word;
    } else {
      current += (empty ? "" : " ") + word;
    }
    empty = false;
  }
  lines.push(current);
  return lines;
}

/**
 * `head` + items between brackets: `f(a, b)` on one line when it fits at `indent` (with `tail` after it), else
 * one item per line, indented one level, with a trailing comma. The first line is placed by the caller; the
 * others carry their indentation. An item that spans lines was laid out for the item indent (`indent` + 2).
 */
export function list(head: string, items: string[], tail: string, indent: string, brackets = "()"): string {
  const [open, close] = [brackets[0]!, brackets[1]!];
  const spaced = brackets === "{}" && items.length > 0 ? " " : "";
  const single = `${head}${open}${spaced}${items.join(", ")}${spaced}${close}${tail}`;
  if (!single.includes("\n") && indent.length + single.length <= MAX_LINE) return single;
  const lines = items.map((item) => `${indent}${INDENT}${item},`);
  return [`${head}${open}`, ...lines, `${indent}${close}${tail}`].join("\n");
}

/** Indents every line but the first (the first is placed by the caller). */
function indentFollowing(text: string, by: string): string {
  return text.replace(/\n/g, `\n${by}`);
}

/**
 * `export type Name = Type;` on one line when it fits; else the type on its own lines after `=`, and when one
 * line is still too long, one top-level `&` (or `|`) member per line.
 */
export function typeAlias(name: string, type: string, exported = true): string {
  const head = `${exported ? "export " : ""}type ${name} =`;
  const single = `${head} ${type};`;
  if (!type.includes("\n") && single.length <= MAX_LINE) return single;
  if (!type.includes("\n") && INDENT.length + type.length + 1 <= MAX_LINE) return `${head}\n${INDENT}${type};`;
  for (const operator of ["&", "|"]) {
    const members = splitTopLevel(type, ` ${operator} `);
    if (members.length > 1) return `${head}\n${members.map((member) => `${INDENT}${operator} ${member}`).join("\n")};`;
  }
  return `${head}\n${INDENT}${indentFollowing(type, INDENT)};`;
}

/** Splits `text` at `separator` where it is outside brackets, braces, parentheses, angle brackets and strings. */
export function splitTopLevel(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quote) {
      if (char === "\\") i++;
      else if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'" || char === "`") {
      quote = char;
    } else if ("([{<".includes(char)) {
      depth++;
    } else if (")]}>".includes(char) && text[i - 1] !== "=") {
      depth--;
    } else if (depth === 0 && text.startsWith(separator, i)) {
      parts.push(text.slice(start, i));
      start = i + separator.length;
      i += separator.length - 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/**
 * openapi-typescript prints each description on one line and each union on one line. This breaks, in its output,
 * a one-line JSDoc comment that is too long into a wrapped block, a too-long line of a block at word boundaries,
 * a too-long `name: A | B | C;` member into one union member per line, and a too-long `| (A | B)` line of a union
 * into `| A` and `| B` lines (the same type). Other lines are left as they are.
 */
export function reflowPrintedTypes(text: string): string {
  return text.split("\n").map(reflowLine).join("\n");
}

function reflowLine(line: string): string {
  if (line.length <= MAX_LINE) return line;
  const singleDoc = /^(\s*)\/\*\* (.*) \*\/$/.exec(line);
  if (singleDoc) return docComment(singleDoc[2]!, singleDoc[1]!);
  const blockLine = /^(\s*\* )(\s*)(.*)$/.exec(line);
  if (blockLine) return wrapText(blockLine[2]! + blockLine[3]!, blockLine[1]!).join("\n");
  // A union member that is itself a parenthesised union (an open set's known values): the same values, one a line.
  const nested = /^(\s*)\| \((.*)\)(;?)$/.exec(line);
  const inner = nested ? splitTopLevel(nested[2]!, " | ") : [];
  if (nested && inner.length > 1) return inner.map((m) => `${nested[1]}| ${m}`).join("\n") + nested[3];
  const member = /^(\s*)([^\s:]+\??: )(.*);$/.exec(line);
  const members = member ? splitTopLevel(member[3]!, " | ") : [];
  if (member && members.length > 1) {
    const lines = members.map((m, index) => `${member[1]}${INDENT}| ${m}${index === members.length - 1 ? ";" : ""}`);
    return [`${member[1]}${member[2]!.trimEnd()}`, ...lines.map(reflowLine)].join("\n");
  }
  return line;
}

// --- values as literals ---------------------------------------------------------------------------------------------

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * A JSON value as TypeScript source that stays within {@link MAX_LINE} columns: a value that fits goes on one line,
 * others one entry per line, long strings split into `+`-joined pieces.
 */
export function valueLiteral(value: unknown, indent: string, column: number): string {
  const inline = printInline(value);
  // One column is kept for the `,` or `;` that follows a value.
  if (column + inline.length < MAX_LINE) return inline;
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    return `[\n${value.map((item) => `${inner}${valueLiteral(item, inner, inner.length)},`).join("\n")}\n${indent}]`;
  }
  if (isPlainObject(value)) {
    const entries = Object.entries(value).filter(([, item]) => item !== undefined);
    return `{\n${entries.map(([key, item]) => {
      const prefix = `${inner}${propertyKey(key)}: `;
      return `${prefix}${valueLiteral(item, inner, prefix.length)},`;
    }).join("\n")}\n${indent}}`;
  }
  if (typeof value === "string") return splitString(value, indent, column);
  return inline;
}

/** A property name as hand-written code has it: bare when it is an identifier, quoted otherwise. */
export function propertyKey(name: string): string {
  return IDENTIFIER.test(name) ? name : JSON.stringify(name);
}

/** One-line texts of objects and arrays already printed: valueLiteral asks again for every node at every level. */
const inlineTexts = new WeakMap<object, string>();

function printInline(value: unknown): string {
  if (typeof value !== "object" || value === null) return JSON.stringify(value);
  const known = inlineTexts.get(value);
  if (known !== undefined) return known;
  let text: string;
  if (Array.isArray(value)) text = `[${value.map(printInline).join(", ")}]`;
  else {
    const entries = Object.entries(value).filter(([, item]) => item !== undefined);
    const printed = entries.map(([key, item]) => `${propertyKey(key)}: ${printInline(item)}`);
    text = printed.length ? `{ ${printed.join(", ")} }` : "{}";
  }
  inlineTexts.set(value, text);
  return text;
}

/**
 * A long string as `"…" +` pieces broken after spaces, the first starting at `column`, the rest at `indent` + 2; each
 * line keeps room for the ` +` or the `,` that follows it.
 */
function splitString(text: string, indent: string, column: number): string {
  const inner = `${indent}  `;
  const pieces: string[] = [];
  let room = MAX_LINE - column - 2;
  let piece = "";
  // Words too long for any line (URLs) are cut into pieces of 80 characters.
  const words = (text.match(/[^ ]+ *| +/g) ?? []).flatMap((word) => word.match(/.{1,80}/gs) ?? []);
  for (const word of words) {
    if (piece && JSON.stringify(piece + word).length > room) {
      pieces.push(JSON.stringify(piece));
      piece = "";
      room = MAX_LINE - inner.length - 2;
    }
    piece += word;
  }
  pieces.push(JSON.stringify(piece));
  return pieces.join(` +\n${inner}`);
}
