/**
 * Property-based checks (fast-check) of three promises: filters survive every encoding, any string reaches the
 * server unchanged through the generated client, and the spec loader answers any damaged spec with a SpecError.
 *
 * Every property runs with a fixed seed (FC_SEED overrides it); a failure names the seed and the shrunk
 * counterexample, so `FC_SEED=<seed> npx vitest run test/reliability/properties.test.ts` replays it (FC_RUNS_FACTOR
 * multiplies the number of runs).
 */
import { createServer, type Server } from "node:http";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SpecError } from "../../generator/src/errors.ts";
import { loadSpec } from "../../generator/src/load/index.ts";
import { buildModel } from "../../generator/src/model/build.ts";
import { encodeFilterJson, encodeFilterQuery, FilterBuilder, type FilterObject } from "../../generator/runtime/filter.js";
import { Grinfi } from "../../generated/src/index.ts";
import { MINIMAL_ROOT, MINIMAL_THINGS } from "../helpers/spec-fixture.ts";
import { listenLocally } from "../helpers/local-server.ts";

const SEED = Number(process.env.FC_SEED ?? 20_261_126);
/** FC_RUNS_FACTOR=10 runs every property ten times as long, to hunt with other seeds. */
const RUNS_FACTOR = Math.max(1, Number(process.env.FC_RUNS_FACTOR ?? 1));

/** fc.assert with the suite's seed; a failure message starts with the seed and how to replay it. */
async function check<T>(property: fc.IProperty<T> | fc.IAsyncProperty<T>, numRuns: number): Promise<void> {
  try {
    await fc.assert(property as fc.IAsyncProperty<T>, { seed: SEED, numRuns: Math.round(numRuns * RUNS_FACTOR) });
  } catch (error) {
    (error as Error).message = `fast-check seed ${SEED} (replay: FC_SEED=${SEED})\n${(error as Error).message}`;
    throw error;
  }
}

// --- filters -------------------------------------------------------------------------------------------------------

/** One field of each type, plain and nullable; number and date fields take ordering operators. */
type Fields = {
  name: { value: string; order: false; nullable: false };
  name_or_null: { value: string; order: false; nullable: true };
  count: { value: number; order: true; nullable: false };
  count_or_null: { value: number; order: true; nullable: true };
  active: { value: boolean; order: false; nullable: false };
  active_or_null: { value: boolean; order: false; nullable: true };
  at: { value: Date; order: true; nullable: false };
  at_or_null: { value: Date; order: true; nullable: true };
};
type FieldName = keyof Fields;
type FieldType = "string" | "number" | "boolean" | "date";
const FIELDS: Record<FieldName, { type: FieldType; nullable: boolean }> = {
  name: { type: "string", nullable: false },
  name_or_null: { type: "string", nullable: true },
  count: { type: "number", nullable: false },
  count_or_null: { type: "number", nullable: true },
  active: { type: "boolean", nullable: false },
  active_or_null: { type: "boolean", nullable: true },
  at: { type: "date", nullable: false },
  at_or_null: { type: "date", nullable: true },
};
const EQUALITY = ["=", "!=", "<>"] as const;
const ORDER = ["<", "<=", ">", ">="] as const;

/** Text with everything a query string or JSON treats specially, astral characters and controls included. */
const awkwardText = fc.string({
  unit: fc.oneof(
    fc.string({ unit: "binary", minLength: 1, maxLength: 1 }),
    fc.constantFrom("&", "=", "#", "+", "%", "%20", "%2B", "?", "/", "'", '"', "[", "]", "[]", " ", "\u0000", "\r\n", "😀", "\u{10FFFF}", "ü"),
  ),
  maxLength: 24,
});

function valueOf(type: FieldType): fc.Arbitrary<unknown> {
  switch (type) {
    case "string":
      return awkwardText;
    case "number":
      // Finite numbers only (JSON has no others); -0 is written "0" by every encoding, so it is not a distinct value.
      return fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })).map((n) => (n === 0 ? 0 : n));
    case "boolean":
      return fc.boolean();
    case "date":
      return fc.date({ noInvalidDate: true });
  }
}

/** One builder call on one field, with arguments its field spec allows. */
type Call =
  | { method: "where"; field: FieldName; operator: string; value: unknown }
  | { method: "equals"; field: FieldName; value: unknown }
  | { method: "in" | "notIn"; field: FieldName; values: unknown[] }
  | { method: "isNull" | "isNotNull"; field: FieldName };

const call: fc.Arbitrary<Call> = fc.constantFrom(...(Object.keys(FIELDS) as FieldName[])).chain((field): fc.Arbitrary<Call> => {
  const { type, nullable } = FIELDS[field];
  const value = valueOf(type);
  const operators = type === "number" || type === "date" ? [...EQUALITY, ...ORDER] : [...EQUALITY];
  const options: fc.Arbitrary<Call>[] = [
    fc.record({ method: fc.constant("where" as const), field: fc.constant(field), operator: fc.constantFrom(...operators), value }),
    // `=` and `!=` also take a list (IN / NOT IN).
    fc.record({ method: fc.constant("where" as const), field: fc.constant(field), operator: fc.constantFrom("=", "!="), value: fc.array(value, { minLength: 1, maxLength: 4 }) }),
    fc.record({ method: fc.constant("equals" as const), field: fc.constant(field), value }),
    // A query string cannot say "none of an empty list": the encoder refuses [] (tested in test/runtime), so lists here have items.
    fc.record({ method: fc.constantFrom("in" as const, "notIn" as const), field: fc.constant(field), values: fc.array(value, { minLength: 1, maxLength: 4 }) }),
  ];
  if (nullable) options.push(fc.record({ method: fc.constantFrom("isNull" as const, "isNotNull" as const), field: fc.constant(field) }));
  return fc.oneof(...options);
});

function build(calls: Call[]): FilterBuilder<Fields> {
  // The calls are generated per field spec, so the builder's compile-time types hold; the casts only erase them.
  const builder = new FilterBuilder<Fields>() as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const c of calls) {
    if (c.method === "where") builder.where!(c.field, c.operator, c.value);
    else if (c.method === "equals") builder.equals!(c.field, c.value);
    else if (c.method === "in" || c.method === "notIn") builder[c.method]!(c.field, c.values);
    else builder[c.method]!(c.field);
  }
  return builder as unknown as FilterBuilder<Fields>;
}

/** A scalar as the API reads it back from the query string, by the field's type. */
function readScalar(field: FieldName, text: string): unknown {
  switch (FIELDS[field].type) {
    case "string":
      return text;
    case "number":
      return Number(text);
    case "boolean":
      return text === "true" ? true : text === "false" ? false : `not a boolean: ${text}`;
    case "date":
      return new Date(text);
  }
}

/**
 * The server's side of the deepObject query encoding: `filter[f]`, `filter[f][]`, `filter[f][op]` and
 * `filter[f][op][]` (a list operand) back to an object.
 */
function decodeFilterQuery(pairs: [string, string][]): FilterObject<Fields> {
  const filter: Record<string, unknown> = {};
  for (const [name, text] of pairs) {
    const match = /^filter\[([^\]]+)\](?:\[([^\]]*)\])?(\[\])?$/.exec(name);
    if (!match) throw new Error(`not a filter parameter: ${name}`);
    const field = match[1] as FieldName;
    const operator = match[2];
    const listOperand = match[3] !== undefined;
    if (!(field in FIELDS)) throw new Error(`unknown field ${field}`);
    if (operator === undefined) {
      filter[field] = FIELDS[field].nullable && (text === "is_null" || text === "is_not_null") ? text : readScalar(field, text);
    } else if (operator === "") {
      filter[field] = [...((filter[field] as unknown[] | undefined) ?? []), readScalar(field, text)];
    } else {
      const operators = (filter[field] as Record<string, unknown> | undefined) ?? {};
      const value = listOperand ? [...((operators[operator] as unknown[] | undefined) ?? []), readScalar(field, text)] : readScalar(field, text);
      filter[field] = { ...operators, [operator]: value };
    }
  }
  return filter as FilterObject<Fields>;
}

/** The server's side of the JSON encoding: dates arrive as ISO strings and are read back by the field's type. */
function decodeFilterJson(text: string): FilterObject<Fields> {
  const raw = JSON.parse(text) as Record<string, unknown>;
  const read = (field: FieldName, value: unknown): unknown =>
    FIELDS[field].type === "date" && typeof value === "string" && !(value === "is_null" || value === "is_not_null") ? new Date(value) : value;
  return Object.fromEntries(
    Object.entries(raw).map(([field, condition]) => {
      const name = field as FieldName;
      if (Array.isArray(condition)) return [field, condition.map((value) => read(name, value))];
      if (condition !== null && typeof condition === "object") {
        const operand = (value: unknown) => (Array.isArray(value) ? value.map((item) => read(name, item)) : read(name, value));
        return [field, Object.fromEntries(Object.entries(condition).map(([op, value]) => [op, operand(value)]))];
      }
      return [field, read(name, condition)];
    }),
  ) as FilterObject<Fields>;
}

/**
 * What the builder must hold after the calls, computed independently: `where` and `notIn` (`!=` with a list) merge
 * operators (a repeat overwrites), every other call replaces the field's condition.
 */
function model(calls: Call[]): Record<string, unknown> {
  const state: Record<string, unknown> = {};
  for (const c of calls) {
    const current = state[c.field];
    const operators = current !== null && typeof current === "object" && !Array.isArray(current) && !(current instanceof Date) ? current : {};
    if (c.method === "where") state[c.field] = { ...operators, [c.operator]: c.value };
    else if (c.method === "notIn") state[c.field] = { ...operators, "!=": [...c.values] };
    else if (c.method === "equals") state[c.field] = c.value;
    else if (c.method === "in") state[c.field] = [...c.values];
    else state[c.field] = c.method === "isNull" ? "is_null" : "is_not_null";
  }
  return state;
}

describe("filter builder serialisation", () => {
  const calls = fc.array(call, { minLength: 0, maxLength: 8 });

  it("build() holds what the calls said, field by field", async () => {
    await check(
      fc.property(calls, (list) => {
        expect(build(list).build()).toEqual(model(list));
      }),
      300,
    );
  });

  it("round-trips through the deepObject query pairs, for every operator and field type", async () => {
    await check(
      fc.property(calls, (list) => {
        const builder = build(list);
        expect(decodeFilterQuery(encodeFilterQuery(builder))).toEqual(builder.build());
      }),
      300,
    );
  });

  it("round-trips through the JSON encoding", async () => {
    await check(
      fc.property(calls, (list) => {
        const builder = build(list);
        expect(decodeFilterJson(encodeFilterJson(builder))).toEqual(builder.build());
      }),
      300,
    );
  });

  it("round-trips through a real URL: URLSearchParams, a URL string, and back", async () => {
    await check(
      fc.property(calls, (list) => {
        const builder = build(list);
        const pairs = encodeFilterQuery(builder);
        const url = new URL(`https://api.grinfi.test/things?${new URLSearchParams(pairs).toString()}`);
        const parsed = [...new URL(url.href).searchParams.entries()];
        expect(parsed).toEqual(pairs);
        expect(decodeFilterQuery(parsed)).toEqual(builder.build());
      }),
      300,
    );
  });
});

// --- query strings through the generated client ---------------------------------------------------------------------

describe("query encoding through the generated client's transport", () => {
  let server: Server;
  let baseUrl: string;
  const received: string[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      received.push(request.url ?? "");
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify({ data: [], limit: 20, offset: 0, total: 0 }));
    });
    baseUrl = await listenLocally(server);
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("delivers any string as filter[q] exactly, as an object or through the builder", async () => {
    const grinfi = new Grinfi({ apiKey: "property-test-key", baseUrl, rateLimit: false, retry: { maxRetries: 0 }, timeoutMs: 10_000 });
    await check(
      fc.asyncProperty(awkwardText, fc.boolean(), async (text, viaBuilder) => {
        received.length = 0;
        const filter = viaBuilder ? grinfi.automations.filters.list().equals("q", text) : { q: text };
        await grinfi.automations.list({ filter, limit: 20 });
        expect(received).toHaveLength(1);
        const url = new URL(received[0]!, baseUrl);
        expect(url.pathname).toBe("/flows/api/flows");
        expect(url.searchParams.getAll("filter[q]")).toEqual([text]);
        expect(url.searchParams.get("limit")).toBe("20");
        expect([...url.searchParams.keys()].sort()).toEqual(["filter[q]", "limit"]);
      }),
      120,
    );
  });
});

// --- the loader on damaged specs ------------------------------------------------------------------------------------

type Mutation =
  | { kind: "delete-line" | "duplicate-line" | "truncate"; at: number }
  | { kind: "indent"; at: number; by: number }
  | { kind: "replace-char" | "insert"; at: number; text: string };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constantFrom("delete-line" as const, "duplicate-line" as const, "truncate" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("indent" as const), at: fc.nat(), by: fc.integer({ min: -4, max: 4 }).filter((n) => n !== 0) }),
  fc.record({
    kind: fc.constant("replace-char" as const),
    at: fc.nat(),
    text: fc.oneof(
      fc.constantFrom(":", "-", " ", "\t", "'", '"', "#", "{", "}", "[", "]", ",", "&", "*", "!", "|", ">", "%", "@", "`", "?", "\n", "\u0000", "\uFEFF"),
      fc.string({ unit: "binary", minLength: 1, maxLength: 1 }),
    ),
  }),
  fc.record({
    kind: fc.constant("insert" as const),
    at: fc.nat(),
    text: fc.constantFrom("{", "[", ":", "&a ", "*a", " *a", "!!binary ", "!!set ", "!!omap ", "!!timestamp ", "!include ", "? ", "- ", "<<: *a\n", ".inf", ".nan", "~", "&a [*a]", "---\n", "%YAML 1.1\n"),
  }),
);

function mutate(text: string, m: Mutation): string {
  const lines = text.split("\n");
  const line = m.at % Math.max(lines.length, 1);
  const offset = m.at % (text.length + 1);
  switch (m.kind) {
    case "delete-line":
      return [...lines.slice(0, line), ...lines.slice(line + 1)].join("\n");
    case "duplicate-line":
      return [...lines.slice(0, line + 1), ...lines.slice(line)].join("\n");
    case "truncate":
      return text.slice(0, offset);
    case "indent": {
      const current = lines[line] ?? "";
      lines[line] = m.by > 0 ? " ".repeat(m.by) + current : current.replace(new RegExp(`^ {0,${-m.by}}`), "");
      return lines.join("\n");
    }
    case "replace-char":
      return text.slice(0, offset) + m.text + text.slice(offset + 1);
    case "insert":
      return text.slice(0, offset) + m.text + text.slice(offset);
  }
}

describe("the spec loader on damaged specs", () => {
  const dir = mkdtempSync(join(tmpdir(), "grinfi-mutated-"));
  mkdirSync(join(dir, "resources"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("loads the spec or throws a SpecError whose findings are located; the model then builds or says why", async () => {
    const outcomes = { loaded: 0, rejected: 0 };
    await check(
      fc.asyncProperty(fc.constantFrom("openapi.yaml", "resources/things.yaml"), fc.array(mutation, { minLength: 1, maxLength: 3 }), async (target, mutations) => {
        const files: Record<string, string> = { "openapi.yaml": MINIMAL_ROOT, "resources/things.yaml": MINIMAL_THINGS };
        files[target] = mutations.reduce(mutate, files[target]!);
        for (const [path, text] of Object.entries(files)) writeFileSync(join(dir, path), text);
        let bundle;
        try {
          bundle = await loadSpec(dir);
        } catch (error) {
          if (!(error instanceof SpecError)) throw new Error(`loadSpec threw ${(error as Error).name}: ${(error as Error).message}`, { cause: error });
          outcomes.rejected++;
          expect(error.findings.length).toBeGreaterThan(0);
          for (const finding of error.findings) expect(finding.location, `${finding.rule}: ${finding.message}`).toBeDefined();
          return;
        }
        outcomes.loaded++;
        // What loadSpec accepts, the generator reads: it may refuse it (SpecError) but never crash.
        try {
          buildModel(bundle);
        } catch (error) {
          if (!(error instanceof SpecError)) throw new Error(`buildModel threw ${(error as Error).name}: ${(error as Error).message}`, { cause: error });
        }
      }),
      250,
    );
    // Both branches were exercised: the property did not pass by rejecting (or accepting) everything.
    expect(outcomes.loaded).toBeGreaterThan(10);
    expect(outcomes.rejected).toBeGreaterThan(10);
  });
});
