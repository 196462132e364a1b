/**
 * Compile-time guarantees of the filter types, checked by vitest's typecheck mode (tsc): an `expectTypeOf` that
 * does not hold, or a `@ts-expect-error` line that compiles, fails the test. Nothing here runs.
 */
import { describe, expectTypeOf, it } from "vitest";
import {
  FilterBuilder,
  type FilterObject,
  type NullableField,
  type OperatorFor,
} from "../../generator/runtime/filter.js";

type LeadFields = {
  id: { value: number; order: true; nullable: false };
  name: { value: string; order: false; nullable: false };
  email: { value: string; order: false; nullable: true };
  created_at: { value: string; order: true; nullable: true };
  status: { value: "active" | "paused"; order: false; nullable: false };
};

describe("filter types", () => {
  it("derives operators and nullable fields from the spec", () => {
    expectTypeOf<OperatorFor<LeadFields["id"]>>().toEqualTypeOf<"=" | "!=" | "<>" | "<" | "<=" | ">" | ">=">();
    expectTypeOf<OperatorFor<LeadFields["name"]>>().toEqualTypeOf<"=" | "!=" | "<>">();
    expectTypeOf<NullableField<LeadFields>>().toEqualTypeOf<"email" | "created_at">();
  });

  it("accepts valid builder calls", () => {
    const builder = new FilterBuilder<LeadFields>()
      .where("id", ">=", 1)
      .where("name", "!=", "x")
      .where("created_at", "<", "2025-01-01")
      .equals("status", "active")
      .in("status", ["active", "paused"])
      .isNull("email")
      .isNotNull("created_at");
    expectTypeOf(builder).toEqualTypeOf<FilterBuilder<LeadFields>>();
    expectTypeOf(builder.build()).toEqualTypeOf<FilterObject<LeadFields>>();
  });

  it("rejects wrong fields, operators, values and null checks", () => {
    const builder = new FilterBuilder<LeadFields>();
    // @ts-expect-error unknown field
    builder.equals("nope", 1);
    // @ts-expect-error unknown field
    builder.where("nope", "=", 1);
    // @ts-expect-error ordering operator on a field without order: true
    builder.where("name", ">", "a");
    // @ts-expect-error ordering operator on a field without order: true
    builder.where("email", "<=", "a");
    // @ts-expect-error not an operator at all
    builder.where("id", "~", 1);
    // @ts-expect-error wrong value type
    builder.where("id", ">", "1");
    // @ts-expect-error wrong value type
    builder.equals("name", 5);
    // @ts-expect-error value outside the enum
    builder.equals("status", "deleted");
    // @ts-expect-error wrong element type
    builder.in("id", ["1"]);
    // @ts-expect-error in() takes a list
    builder.in("id", 1);
    // @ts-expect-error isNull on a non-nullable field
    builder.isNull("id");
    // @ts-expect-error isNotNull on a non-nullable field
    builder.isNotNull("name");
  });

  it("takes a list for = and != only (IN / NOT IN), with the field's element type", () => {
    const builder = new FilterBuilder<LeadFields>()
      .where("status", "!=", ["active", "paused"])
      .where("id", "=", [1, 2])
      .where("id", ">=", 0)
      .notIn("name", ["a", "b"]);
    expectTypeOf(builder).toEqualTypeOf<FilterBuilder<LeadFields>>();
    const compileOnly = () => {
      // @ts-expect-error ordering operators take one value, not a list
      builder.where("id", ">", [1, 2]);
      // @ts-expect-error `<>` takes one value: only = and != take lists
      builder.where("name", "<>", ["a"]);
      // @ts-expect-error a value outside the enum inside the list
      builder.where("status", "!=", ["active", "deleted"]);
      // @ts-expect-error notIn takes a list of the field's values
      builder.notIn("id", ["1"]);
      // @ts-expect-error notIn takes a list, not one value
      builder.notIn("id", 1);
    };
    expectTypeOf(compileOnly).toBeFunction();
    const raw: FilterObject<LeadFields> = { status: { "!=": ["active"] }, id: { "=": [1, 2], ">": 0 } };
    // @ts-expect-error a list for an ordering operator in a raw filter
    const badRaw: FilterObject<LeadFields> = { id: { ">=": [1] } };
    void [raw, badRaw];
  });

  it("forbids null checks entirely when no field is nullable", () => {
    const builder = new FilterBuilder<{ id: { value: number; order: true; nullable: false } }>();
    // @ts-expect-error no nullable fields
    builder.isNull("id");
  });

  it("types the raw filter object", () => {
    const ok: FilterObject<LeadFields> = {
      id: { ">=": 1, "<": 10 },
      name: ["a", "b"],
      email: "is_null",
      created_at: "is_not_null",
      status: "paused",
    };

    // @ts-expect-error unknown field
    const unknownField: FilterObject<LeadFields> = { nope: 1 };
    // @ts-expect-error ordering operator on a field without order: true
    const badOperator: FilterObject<LeadFields> = { name: { ">": "a" } };
    // @ts-expect-error wrong value type inside an operator object
    const badOperatorValue: FilterObject<LeadFields> = { id: { ">": "1" } };
    // @ts-expect-error wrong scalar type
    const badScalar: FilterObject<LeadFields> = { id: "1" };
    // @ts-expect-error wrong element type
    const badList: FilterObject<LeadFields> = { id: ["1"] };
    // @ts-expect-error null check on a non-nullable, non-string field
    const badNullCheck: FilterObject<LeadFields> = { id: "is_null" };
    // @ts-expect-error null check on a non-nullable enum field
    const badEnumNullCheck: FilterObject<LeadFields> = { status: "is_not_null" };
  });
});
