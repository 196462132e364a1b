import { describe, expect, it } from "vitest";
import {
  encodeFilterJson,
  encodeFilterQuery,
  FilterBuilder,
  toFilterObject,
  type FilterObject,
} from "../../generator/runtime/filter.js";

type LeadFields = {
  id: { value: number; order: true; nullable: false };
  name: { value: string; order: false; nullable: false };
  email: { value: string; order: false; nullable: true };
  created_at: { value: string; order: true; nullable: true };
  is_active: { value: boolean; order: false; nullable: false };
};

const leadFilter = () => new FilterBuilder<LeadFields>();

describe("FilterBuilder", () => {
  it("builds equality, IN, operators and null checks", () => {
    const filter = leadFilter()
      .equals("name", "Ada")
      .in("id", [1, 2, 3])
      .where("created_at", ">=", "2025-01-01")
      .isNull("email")
      .equals("is_active", true)
      .build();
    expect(filter).toEqual({
      name: "Ada",
      id: [1, 2, 3],
      created_at: { ">=": "2025-01-01" },
      email: "is_null",
      is_active: true,
    });
  });

  it("merges several operators on one field into one object; a repeated operator overwrites", () => {
    const filter = leadFilter().where("id", ">=", 10).where("id", "<", 20).where("id", "!=", 15).where("id", "<", 30);
    expect(filter.build()).toEqual({ id: { ">=": 10, "<": 30, "!=": 15 } });
  });

  it("lets equals / in / null checks replace earlier operators, and where replace an earlier equality", () => {
    expect(leadFilter().where("id", ">", 1).equals("id", 5).build()).toEqual({ id: 5 });
    expect(leadFilter().where("id", ">", 1).in("id", [5, 6]).build()).toEqual({ id: [5, 6] });
    expect(leadFilter().where("created_at", ">", "x").isNotNull("created_at").build()).toEqual({ created_at: "is_not_null" });
    expect(leadFilter().equals("id", 5).where("id", ">", 1).build()).toEqual({ id: { ">": 1 } });
    expect(leadFilter().in("id", [1]).where("id", "<>", 2).build()).toEqual({ id: { "<>": 2 } });
  });

  it("takes a list for = and != (IN / NOT IN), beside the field's other operators", () => {
    expect(leadFilter().where("id", "!=", [3, 4]).where("id", ">", 1).build()).toEqual({ id: { "!=": [3, 4], ">": 1 } });
    expect(leadFilter().where("name", "=", ["Ada", "Bo"]).build()).toEqual({ name: { "=": ["Ada", "Bo"] } });
    expect(leadFilter().where("id", ">=", 10).notIn("id", [15, 16]).build()).toEqual({ id: { ">=": 10, "!=": [15, 16] } });
    // notIn is `!=` with a list: a later where("!=") replaces it, equals replaces the whole condition.
    expect(leadFilter().notIn("id", [1]).where("id", "!=", 2).build()).toEqual({ id: { "!=": 2 } });
    expect(leadFilter().notIn("id", [1]).equals("id", 5).build()).toEqual({ id: 5 });
  });

  it("copies a list it is given, so a snapshot does not change with the caller's array", () => {
    const values = [1, 2];
    const builder = leadFilter().notIn("id", values).where("created_at", "=", ["a"]);
    const snapshot = builder.build();
    values.push(3);
    expect(snapshot).toEqual({ id: { "!=": [1, 2] }, created_at: { "=": ["a"] } });
    expect(builder.build()).toEqual(snapshot);
  });

  it("is mutable and chainable, but build() returns snapshots", () => {
    const builder = leadFilter();
    expect(builder.where("id", ">", 1)).toBe(builder);
    const values = [1, 2];
    const first = builder.in("name" as never, values as never).build();
    values.push(3);
    builder.where("id", "<", 9);
    const second = builder.build();
    expect(first).toEqual({ id: { ">": 1 }, name: [1, 2] });
    expect(second).toEqual({ id: { ">": 1, "<": 9 }, name: [1, 2] });
    expect(builder.build()).not.toBe(second);
  });

  it("serialises through toJSON", () => {
    const builder = leadFilter().equals("name", "Ada");
    expect(JSON.stringify({ filter: builder })).toBe('{"filter":{"name":"Ada"}}');
    expect(builder.toJSON()).toEqual({ name: "Ada" });
  });

  it("toFilterObject accepts a builder or a raw object", () => {
    const raw: FilterObject<LeadFields> = { id: 1 };
    expect(toFilterObject(raw)).toBe(raw);
    expect(toFilterObject(leadFilter().equals("id", 1))).toEqual(raw);
  });
});

describe("encodeFilterQuery", () => {
  it("produces deepObject pairs for every kind of condition", () => {
    const filter = leadFilter()
      .equals("name", "Ada")
      .in("id", [1, 2])
      .where("created_at", ">=", "2025-01-01")
      .where("created_at", "<", "2026-01-01")
      .isNull("email")
      .equals("is_active", false);
    expect(encodeFilterQuery(filter)).toEqual([
      ["filter[name]", "Ada"],
      ["filter[id][]", "1"],
      ["filter[id][]", "2"],
      ["filter[created_at][>=]", "2025-01-01"],
      ["filter[created_at][<]", "2026-01-01"],
      ["filter[email]", "is_null"],
      ["filter[is_active]", "false"],
    ]);
  });

  it("accepts a raw object, skipping undefined conditions and operators", () => {
    const filter: FilterObject<LeadFields> = { id: { ">": 1, "<": undefined }, name: undefined, email: "is_not_null" };
    expect(encodeFilterQuery(filter)).toEqual([
      ["filter[id][>]", "1"],
      ["filter[email]", "is_not_null"],
    ]);
  });

  it("leaves values unescaped and lossless: round-trips through URLSearchParams", () => {
    const tricky = "a&b=c d+e%20f \"quoted\" 'single' [x] #hash ?q é 漢字 👋 \n";
    const pairs = encodeFilterQuery(leadFilter().equals("name", tricky).in("email", [tricky, "x"]));
    expect(pairs[0]).toEqual(["filter[name]", tricky]);
    const decoded = new URLSearchParams(pairs.map((pair) => pair.map(encodeURIComponent).join("=")).join("&"));
    expect(decoded.get("filter[name]")).toBe(tricky);
    expect(decoded.getAll("filter[email][]")).toEqual([tricky, "x"]);
  });

  it("encodes dates as ISO strings and null as an empty value", () => {
    type Fields = { at: { value: Date | null; order: true; nullable: false } };
    const pairs = encodeFilterQuery(new FilterBuilder<Fields>().where("at", ">", new Date(Date.UTC(2025, 0, 2))).build());
    expect(pairs).toEqual([["filter[at][>]", "2025-01-02T00:00:00.000Z"]]);
    expect(encodeFilterQuery<Fields>({ at: null })).toEqual([["filter[at]", ""]]);
  });

  it("refuses an empty IN list instead of silently matching everything", () => {
    expect(() => encodeFilterQuery(leadFilter().in("id", []))).toThrow(RangeError);
  });

  it("sends a list operand as repeated `[op][]` pairs, and refuses an empty one", () => {
    const filter = leadFilter().notIn("name", ["util_timer", "a&b"]).where("id", ">", 1).where("id", "=", [7, 8]);
    expect(encodeFilterQuery(filter)).toEqual([
      ["filter[name][!=][]", "util_timer"],
      ["filter[name][!=][]", "a&b"],
      ["filter[id][>]", "1"],
      ["filter[id][=][]", "7"],
      ["filter[id][=][]", "8"],
    ]);
    expect(() => encodeFilterQuery(leadFilter().notIn("id", []))).toThrow('Filter "id": an empty list for "!=" cannot be sent as a query');
  });

  it("returns no pairs for an empty filter", () => {
    expect(encodeFilterQuery(leadFilter())).toEqual([]);
  });
});

describe("encodeFilterJson", () => {
  it("stringifies a builder or a raw object", () => {
    const builder = leadFilter().in("id", [1, 2]).where("created_at", ">=", "2025-01-01").isNotNull("email");
    const json = encodeFilterJson(builder);
    expect(JSON.parse(json)).toEqual({ id: [1, 2], created_at: { ">=": "2025-01-01" }, email: "is_not_null" });
    expect(encodeFilterJson<LeadFields>({ name: 'a "b" & c' })).toBe('{"name":"a \\"b\\" & c"}');
  });

  it("writes `!=` with a list as the public client sends it", () => {
    type TaskFields = { type: { value: string; order: false; nullable: false } };
    const builder = new FilterBuilder<TaskFields>().notIn("type", ["util_timer", "trigger_message_replied"]);
    expect(encodeFilterJson(builder)).toBe('{"type":{"!=":["util_timer","trigger_message_replied"]}}');
  });
});
