/**
 * Type-level description of one filterable field, emitted by the generator, e.g.
 * `{ id: { value: number; order: true; nullable: false } }`.
 */
export type FieldSpec = { value: unknown; order: boolean; nullable: boolean };
export type FieldSpecs = Record<string, FieldSpec>;

export type EqualityOperator = "=" | "!=" | "<>";
export type OrderOperator = "<" | "<=" | ">" | ">=";
export type NullCheck = "is_null" | "is_not_null";

/**
 * Operators that also take a list: `=` (the field is one of them, IN) and `!=` (none of them, NOT IN). The list
 * form of `!=` is observed in a public client of the API; the API's reference documents neither.
 */
export type ListOperator = "=" | "!=";

/** Ordering operators only exist for fields whose spec has `order: true`. */
export type OperatorFor<S extends FieldSpec> = S["order"] extends true ? EqualityOperator | OrderOperator : EqualityOperator;

/** What an operator compares with: one value, or for `=` / `!=` also a list of values. */
export type OperandFor<S extends FieldSpec, Op> = Op extends ListOperator ? S["value"] | readonly S["value"][] : S["value"];

// `| undefined` everywhere: conditions left undefined are skipped by every encoding, which makes optional inputs easy to pass.
export type OperatorObject<S extends FieldSpec> = { [Op in OperatorFor<S>]?: OperandFor<S, Op> | undefined };

/**
 * One field's condition: equality (scalar), IN (array), operators (object), or a null check.
 * When `value` is `string`, the type cannot stop "is_null" on a non-nullable field; the builder can.
 */
export type FieldCondition<S extends FieldSpec> =
  | S["value"]
  | readonly S["value"][]
  | OperatorObject<S>
  | (S["nullable"] extends true ? NullCheck : never);

/** The raw filter object the API receives; users may pass it instead of a FilterBuilder. */
export type FilterObject<F extends FieldSpecs> = { [K in keyof F]?: FieldCondition<F[K]> | undefined };

export type FilterInput<F extends FieldSpecs> = FilterObject<F> | FilterBuilder<F>;

type FieldName<F extends FieldSpecs> = keyof F & string;
export type NullableField<F extends FieldSpecs> = {
  [K in FieldName<F>]: F[K]["nullable"] extends true ? K : never;
}[FieldName<F>];

const isOperatorObject = (condition: unknown): condition is Record<string, unknown> =>
  typeof condition === "object" && condition !== null && !Array.isArray(condition) && !(condition instanceof Date);

/**
 * Chainable, mutable builder: every method changes this builder and returns it; `build()` returns a snapshot
 * that later calls do not touch. Each field holds one condition:
 * - `where` adds an operator to the field's operator object (`{ ">=": a, "<": b }`); repeating an operator
 *   overwrites its value; a previous equals/in/null check on the field is replaced. `=` and `!=` also take a
 *   list (IN / NOT IN); `notIn(field, values)` is `where(field, "!=", values)`.
 * - `equals`, `in`, `isNull`, `isNotNull` replace whatever the field held, operators included.
 */
export class FilterBuilder<F extends FieldSpecs> {
  #conditions: Record<string, unknown> = {};

  where<K extends FieldName<F>, Op extends OperatorFor<F[K]>>(field: K, operator: Op, value: OperandFor<F[K], Op>): this {
    const current = this.#conditions[field];
    // A list is copied, so a later change to the caller's array does not reach a snapshot.
    const operand: unknown = Array.isArray(value) ? [...value] : value;
    this.#conditions[field] = { ...(isOperatorObject(current) ? current : {}), [operator]: operand };
    return this;
  }

  /** The field is none of `values` (`{ "!=": [...] }`, SQL NOT IN); kept beside the field's other operators. */
  notIn<K extends FieldName<F>>(field: K, values: readonly F[K]["value"][]): this {
    const current = this.#conditions[field];
    this.#conditions[field] = { ...(isOperatorObject(current) ? current : {}), "!=": [...values] };
    return this;
  }

  equals<K extends FieldName<F>>(field: K, value: F[K]["value"]): this {
    this.#conditions[field] = value;
    return this;
  }

  in<K extends FieldName<F>>(field: K, values: readonly F[K]["value"][]): this {
    this.#conditions[field] = [...values];
    return this;
  }

  isNull(field: NullableField<F>): this {
    this.#conditions[field] = "is_null";
    return this;
  }

  isNotNull(field: NullableField<F>): this {
    this.#conditions[field] = "is_not_null";
    return this;
  }

  build(): FilterObject<F> {
    // Operator objects and arrays are never mutated after being stored, so a shallow copy is a true snapshot.
    return { ...this.#conditions } as FilterObject<F>;
  }

  toJSON(): FilterObject<F> {
    return this.build();
  }
}

export const toFilterObject = <F extends FieldSpecs>(filter: FilterInput<F>): FilterObject<F> =>
  filter instanceof FilterBuilder ? filter.build() : filter;

const encodeScalar = (value: unknown): string =>
  value === null ? "" : value instanceof Date ? value.toISOString() : String(value);

/**
 * deepObject pairs, unescaped (the URL layer percent-encodes them, so any character survives):
 * `filter[f]=v`, `filter[f][]=a`, `filter[f][>=]=v`, `filter[f][!=][]=a`, `filter[f]=is_null`. Undefined
 * conditions are skipped. An empty list throws: the query string cannot express it, and dropping it would
 * change what the filter matches.
 */
export function encodeFilterQuery<F extends FieldSpecs>(filter: FilterInput<F>): [string, string][] {
  const pairs: [string, string][] = [];
  for (const [field, condition] of Object.entries(toFilterObject(filter) as Record<string, unknown>)) {
    const name = `filter[${field}]`;
    if (Array.isArray(condition)) {
      if (condition.length === 0) throw new RangeError(`Filter "${field}": an empty list cannot be sent as a query`);
      for (const value of condition) pairs.push([`${name}[]`, encodeScalar(value)]);
    } else if (isOperatorObject(condition)) {
      for (const [operator, value] of Object.entries(condition)) {
        if (Array.isArray(value)) {
          if (value.length === 0) throw new RangeError(`Filter "${field}": an empty list for "${operator}" cannot be sent as a query`);
          for (const item of value) pairs.push([`${name}[${operator}][]`, encodeScalar(item)]);
        } else if (value !== undefined) pairs.push([`${name}[${operator}]`, encodeScalar(value)]);
      }
    } else if (condition !== undefined) {
      pairs.push([name, encodeScalar(condition)]);
    }
  }
  return pairs;
}

/** For the `query-json` encoding: the value of the single `filter` query parameter. */
export const encodeFilterJson = <F extends FieldSpecs>(filter: FilterInput<F>): string =>
  JSON.stringify(toFilterObject(filter));
