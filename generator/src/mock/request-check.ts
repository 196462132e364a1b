import type { ValidateFunction } from "ajv/dist/2020.js";
import type { OpenApiDocument } from "../load/bundle.ts";
import { followRefs, isRecord } from "../load/pointer.ts";
import type { FormPartModel } from "../model/types.ts";
import type { SpecRoute } from "./routes.ts";
import { addMessage, toFieldErrors, type FieldErrors, type SchemaCompiler } from "./schemas.ts";

/** What arrived, before any checking. */
export interface IncomingCall {
  pathParams: Record<string, string>;
  query: URLSearchParams;
  contentType: string | undefined;
  /** The body as text; empty when none was sent. */
  rawBody: string;
  /** A multipart/form-data body, parsed; "unreadable" when it is not valid multipart. */
  form?: FormData | "unreadable" | undefined;
}

/** A multipart/form-data body's parts, its text parts' validator (coercing) and each JSON part's. */
interface FormCheck {
  parts: FormPartModel[];
  text: ValidateFunction;
  json: Map<string, ValidateFunction>;
}

export type CheckOutcome =
  | { ok: true; query: Record<string, unknown>; body: unknown }
  | { ok: false; status: 404 | 422; message: string; fieldErrors: FieldErrors };

const JSON_MEDIA_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;
/** `filter[field]`, `filter[field][]` or `filter[field][operator]`. */
const DEEP_FILTER_KEY = /^filter\[([^\][]+)\](?:\[([^\][]*)\])?$/;

/** Rebuilds the filter object from `filter[…]` query parameters, the way the API reads them. */
function deepObjectFilter(query: URLSearchParams, errors: FieldErrors): Record<string, unknown> | undefined {
  const filter: Record<string, unknown> = {};
  const forms = new Map<string, "value" | "operators">();
  let present = false;
  for (const [key, value] of query) {
    if (key === "filter") {
      addMessage(errors, "filter", "Send the filter as filter[field]=value query parameters, not as one filter parameter.");
      continue;
    }
    if (!key.startsWith("filter[")) continue;
    present = true;
    const match = DEEP_FILTER_KEY.exec(key);
    if (!match) {
      addMessage(errors, "filter", `The query parameter "${key}" is not a filter condition; use filter[field], filter[field][] or filter[field][operator].`);
      continue;
    }
    const field = match[1] as string;
    const operator = match[2];
    const form = operator ? "operators" : "value";
    const seen = forms.get(field);
    if (seen && seen !== form) {
      addMessage(errors, `filter.${field}`, `The filter.${field} field mixes values and operators; use one form.`);
      continue;
    }
    forms.set(field, form);
    const current = filter[field];
    if (operator) filter[field] = { ...(isRecord(current) ? current : {}), [operator]: value };
    // `filter[f][]=a` starts a list; a repeated `filter[f]=…` reads as one too.
    else if (current === undefined) filter[field] = operator === "" ? [value] : value;
    else filter[field] = [...(Array.isArray(current) ? current : [current]), value];
  }
  return present ? filter : undefined;
}

/** Every query value as text, a repeated key as a list. */
function queryValues(query: URLSearchParams, names: Iterable<string>): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const name of names) {
    const all = query.getAll(name);
    if (all.length > 0) values[name] = all.length === 1 ? all[0] : all;
  }
  return values;
}

/**
 * Checks requests for one operation against the spec: path parameters (a value its schema rejects is a record
 * that cannot exist: 404), then everything else (422): the body's media type and JSON, required and typed query
 * parameters, the filter's field names (`x-filter.fields`) and values, and the body schema. Validators are
 * compiled once, when the checker is made.
 */
export class RequestChecker {
  readonly #route: SpecRoute;
  readonly #path: ValidateFunction | undefined;
  readonly #query: ValidateFunction;
  readonly #queryNames: string[];
  readonly #requiredQuery: string[];
  readonly #filter: ValidateFunction | undefined;
  readonly #filterRequired: boolean;
  readonly #body: ValidateFunction | undefined;
  /** When the body schema is a oneOf with a discriminator: one validator per discriminator value. */
  readonly #discriminated: { property: string; validators: Map<string, ValidateFunction> } | undefined;
  /** A multipart/form-data body: its parts, its text parts' validator (coercing), and each JSON part's. */
  readonly #form: FormCheck | undefined;

  constructor(route: SpecRoute, document: OpenApiDocument, compiler: SchemaCompiler) {
    this.#route = route;
    const schemasOf = (location: "path" | "query") =>
      Object.fromEntries(route.parameters.filter((p) => p.in === location && !(location === "query" && p.name === "filter" && route.filter)).map((p) => [p.name, p.schema]));
    const pathSchemas = schemasOf("path");
    this.#path = Object.keys(pathSchemas).length ? compiler.text(pathSchemas) : undefined;
    const querySchemas = schemasOf("query");
    this.#query = compiler.text(querySchemas);
    this.#queryNames = Object.keys(querySchemas);
    this.#requiredQuery = route.parameters.filter((p) => p.in === "query" && p.required && !(p.name === "filter" && route.filter)).map((p) => p.name);

    const filterParameter = route.parameters.find((p) => p.in === "query" && p.name === "filter");
    this.#filterRequired = filterParameter?.required === true;
    if (route.filter && filterParameter) {
      const schema = followRefs(document, filterParameter.schema).value;
      // query-json: a string holding JSON, whose own schema is `contentSchema`.
      const filterSchema = route.filter.encoding === "query-json" && isRecord(schema) ? schema.contentSchema : filterParameter.schema;
      this.#filter = filterSchema === undefined ? undefined : compiler.json(filterSchema);
    }

    const parts = route.requestBody?.parts;
    if (route.requestBody && parts) {
      const schema = followRefs(document, route.requestBody.schema).value;
      const properties = isRecord(schema) && isRecord(schema.properties) ? schema.properties : {};
      const of = (kind: FormPartModel["kind"]) => parts.filter((part) => part.kind === kind).map((part) => part.name);
      this.#form = {
        parts,
        text: compiler.text(Object.fromEntries(of("text").map((name) => [name, properties[name]]))),
        json: new Map(of("json").map((name) => [name, compiler.json(properties[name])])),
      };
    } else if (route.requestBody) {
      this.#body = compiler.json(route.requestBody.schema);
      const resolved = followRefs(document, route.requestBody.schema).value;
      const discriminator = isRecord(resolved) ? resolved.discriminator : undefined;
      if (isRecord(discriminator) && typeof discriminator.propertyName === "string" && isRecord(discriminator.mapping)) {
        const validators = new Map<string, ValidateFunction>();
        for (const [value, ref] of Object.entries(discriminator.mapping)) {
          if (typeof ref === "string") validators.set(value, compiler.json({ $ref: ref }));
        }
        this.#discriminated = { property: discriminator.propertyName, validators };
      }
    }
  }

  check(call: IncomingCall): CheckOutcome {
    if (this.#path) {
      const pathValues: Record<string, unknown> = { ...call.pathParams };
      if (!this.#path(pathValues)) {
        return { ok: false, status: 404, message: "Record not found.", fieldErrors: {} };
      }
    }
    const errors: FieldErrors = {};

    const query = queryValues(call.query, this.#queryNames);
    for (const name of this.#requiredQuery) {
      if (query[name] === undefined) addMessage(errors, name, `The ${name} field is required.`);
    }
    // Coerces in place: after this, `limit` is a number.
    if (!this.#query(query)) toFieldErrors(this.#query.errors ?? [], "", errors);

    this.#checkQueryFilter(call.query, errors);
    const body = this.#checkBody(call, errors);

    if (Object.keys(errors).length > 0) return { ok: false, status: 422, message: "The given data was invalid.", fieldErrors: errors };
    return { ok: true, query, body };
  }

  #checkUnknownFields(filter: unknown, errors: FieldErrors): void {
    const known = this.#route.filter?.fields ?? [];
    if (!isRecord(filter)) return;
    for (const field of Object.keys(filter)) {
      if (!known.includes(field)) {
        addMessage(errors, `filter.${field}`, `Unknown filter field "${field}"; this operation filters on: ${known.join(", ") || "nothing"}.`);
      }
    }
  }

  /** Filter errors keep the unknown-field message only: the schema would just repeat it as "not allowed". */
  #filterSchemaErrors(validate: ValidateFunction, filter: unknown, prefix: string, errors: FieldErrors): void {
    if (validate(filter)) return;
    const fromSchema = toFieldErrors(validate.errors ?? [], prefix);
    for (const [field, messages] of Object.entries(fromSchema)) {
      if (!errors[field]) errors[field] = messages;
    }
  }

  #checkQueryFilter(query: URLSearchParams, errors: FieldErrors): void {
    const encoding = this.#route.filter?.encoding;
    if (encoding === "query") {
      const filter = deepObjectFilter(query, errors);
      if (filter === undefined) {
        if (this.#filterRequired) addMessage(errors, "filter", "The filter field is required.");
        return;
      }
      this.#checkUnknownFields(filter, errors);
      if (this.#filter) this.#filterSchemaErrors(this.#filter, filter, "filter", errors);
    } else if (encoding === "query-json") {
      const text = query.get("filter");
      if (text === null) {
        if (this.#filterRequired) addMessage(errors, "filter", "The filter field is required.");
        return;
      }
      let filter: unknown;
      try {
        filter = JSON.parse(text);
      } catch {
        addMessage(errors, "filter", "The filter field must be a valid JSON string.");
        return;
      }
      this.#checkUnknownFields(filter, errors);
      if (this.#filter) this.#filterSchemaErrors(this.#filter, filter, "filter", errors);
    }
  }

  #checkBody(call: IncomingCall, errors: FieldErrors): unknown {
    const spec = this.#route.requestBody;
    if (!spec) return undefined;
    if (this.#form) return this.#checkForm(call, this.#form, errors);
    let body: unknown;
    if (call.rawBody.trim() !== "") {
      if (!call.contentType || !JSON_MEDIA_TYPE.test(call.contentType)) {
        addMessage(errors, "body", `The body must be JSON sent with Content-Type: application/json (got ${call.contentType ?? "no Content-Type"}).`);
        return undefined;
      }
      try {
        body = JSON.parse(call.rawBody);
      } catch {
        addMessage(errors, "body", "The body is not valid JSON.");
        return undefined;
      }
    } else if (!spec.required) {
      return undefined;
    } else {
      // Like the API: a missing body is read as no fields at all, so each required field is named.
      body = {};
    }
    if (this.#route.filter?.encoding === "body" && isRecord(body)) this.#checkUnknownFields(body.filter, errors);
    const chosen = this.#discriminatedValidator(body, errors);
    if (chosen === null) return body;
    const validate = chosen ?? this.#body;
    if (validate && !validate(body)) {
      for (const [field, messages] of Object.entries(toFieldErrors(validate.errors ?? []))) {
        // The filter's unknown fields were already named, with the fields it does take.
        if (!errors[field]) errors[field] = messages;
      }
    }
    return body;
  }

  /**
   * A multipart form, as the API reads one: every part named by the spec, the required ones there, a file part
   * sent as a file (with a file name) and the others as fields; text parts checked against their schema (coerced,
   * as a query is), JSON parts parsed and checked. Returns the fields' values (a file as its name).
   */
  #checkForm(call: IncomingCall, form: FormCheck, errors: FieldErrors): unknown {
    if (call.form === undefined) {
      addMessage(errors, "body", `The body must be multipart/form-data (got ${call.contentType ?? "no Content-Type"}).`);
      return undefined;
    }
    if (call.form === "unreadable") {
      addMessage(errors, "body", "The body is not valid multipart/form-data.");
      return undefined;
    }
    const sent = call.form;
    for (const name of new Set(sent.keys())) {
      if (!form.parts.some((part) => part.name === name)) {
        addMessage(errors, name, `The ${name} field is not part of this form; it takes: ${form.parts.map((part) => part.name).join(", ")}.`);
      }
    }
    const values: Record<string, unknown> = {};
    const text: Record<string, unknown> = {};
    for (const part of form.parts) {
      const value = sent.get(part.name);
      if (value === null) {
        if (part.required) addMessage(errors, part.name, `The ${part.name} field is required.`);
        continue;
      }
      const isFile = typeof value !== "string";
      if (part.kind === "file") {
        if (isFile) values[part.name] = value.name;
        else addMessage(errors, part.name, `The ${part.name} field must be a file.`);
        continue;
      }
      if (isFile) {
        addMessage(errors, part.name, `The ${part.name} field must be a value, not a file.`);
        continue;
      }
      if (part.kind === "text") {
        text[part.name] = value;
        continue;
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(value);
      } catch {
        addMessage(errors, part.name, `The ${part.name} field must be valid JSON.`);
        continue;
      }
      const validate = form.json.get(part.name);
      if (validate && !validate(parsed)) toFieldErrors(validate.errors ?? [], part.name, errors);
      values[part.name] = parsed;
    }
    // Coerces in place, as for a query: "3" becomes 3 where the schema wants a number.
    if (!form.text(text)) toFieldErrors(form.text.errors ?? [], "", errors);
    return { ...values, ...text };
  }

  /** The mapped schema's validator; null when the discriminator value is missing or unknown (already reported). */
  #discriminatedValidator(body: unknown, errors: FieldErrors): ValidateFunction | null | undefined {
    if (!this.#discriminated || !isRecord(body)) return undefined;
    const { property, validators } = this.#discriminated;
    const value = body[property];
    if (value === undefined) {
      addMessage(errors, property, `The ${property} field is required.`);
      return null;
    }
    const validator = typeof value === "string" ? validators.get(value) : undefined;
    if (!validator) {
      addMessage(errors, property, `The selected ${property} is invalid; use one of: ${[...validators.keys()].join(", ")}.`);
      return null;
    }
    return validator;
  }
}
