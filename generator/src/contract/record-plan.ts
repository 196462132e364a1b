import type { OpenApiDocument } from "../load/bundle.ts";
import type { ApiModel, OperationModel } from "../model/types.ts";
import { followRefs, getAtPointer, isRecord, joinPointer, splitPointer } from "../load/pointer.ts";

/**
 * Operations that are not GETs but only read. Everything else that is not a GET counts as a write and is
 * never sent by a read-only run. Decided one by one from the operationId, x-method, summary and description,
 * on purpose not by a name pattern: a new operation called `listSomething` that does write must not slip in.
 */
export const READ_ONLY_OPERATIONS: ReadonlyMap<string, string> = new Map([
  ["checkTeamLimits", "asks whether the plan has room for more sender profiles; creates nothing"],
  ["findContact", "looks one contact up by an identifier"],
  ["searchContacts", "searches contacts"],
  ["countContacts", "counts contacts"],
  ["getContactMetrics", "adds up outreach counters"],
  ["getEnrichmentMetrics", "reports this month's enrichment usage"],
  ["searchCompanies", "searches companies"],
  ["lookupCompanies", "looks companies up by identifier"],
  ["listCompanyContacts", "lists the contacts of some companies"],
  ["getListMetrics", "counts the contacts in lists"],
  ["getTagMetrics", "counts what carries each tag"],
  ["getDataSourceMetrics", "counts the records of import jobs (a read-only PUT)"],
  ["getAutomationNodeStatistics", "per-step statistics of an automation"],
  ["getAutomationContactSourceStatistics", "per-audience statistics of an automation"],
  ["listAutomationContacts", "lists enrolments"],
  ["getAutomationMetrics", "metrics of several automations"],
  ["countTasksByGroup", "counts tasks per group"],
  ["countLinkedinMessagesByGroup", "counts LinkedIn messages per group"],
  ["listLatestEmailsByContacts", "the latest email of each contact"],
  ["getEmailLlmThread", "an email conversation as plain text"],
  ["listLinkedinBrowsers", "pages through LinkedIn browsers"],
]);

/** Page size of every paged list we record: enough to show the shape, little personal data to redact. */
export const RECORD_PAGE_SIZE = 3;

/** API vocabulary → the schema that models it: `lead_uuid` names a Contact, `flowUuid` an Automation. */
const API_VOCABULARY: Readonly<Record<string, string>> = {
  lead: "Contact",
  list: "ContactList",
  flow: "Automation",
  flow_workspace: "AutomationFolder",
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type Access = "read" | "write";

/** One id the request needs, taken from an earlier answer that listed records of `kind`. */
export interface IdSlot {
  /** `query-json`: inside a query parameter whose value is JSON text. */
  in: "path" | "query" | "query-json" | "body";
  /** Path or query parameter name; empty for body slots. */
  name: string;
  /** Pointer inside the JSON (body or query-json); empty for plain parameters. */
  pointer: string;
  /** Schema name of the records that supply the id, e.g. `Contact`. */
  kind: string;
  field: "uuid" | "id";
  /** The example holds an array of ids; one real id is sent. */
  many: boolean;
}

export interface RequestTemplate {
  method: string;
  pathTemplate: string;
  query: Record<string, string | string[]>;
  /** Absent when the operation takes no JSON body. */
  body?: unknown;
  slots: IdSlot[];
  /** How the request differs from the spec's example, for the recording's note. */
  adjustments: string[];
}

/** Where a recorded answer lists records that later requests can take ids from. */
export interface Provision {
  kind: string;
  /** Pointer to the array of records in the answer: `/data` for pages, empty for a bare array. */
  itemsPointer: string;
}

export interface PlannedOperation {
  operationId: string;
  method: string;
  /** The path template, `/leads/api/leads/{uuid}`. */
  path: string;
  /** The spec's request body example as written (before any adjustment). */
  bodyExample?: unknown;
  tag: string | undefined;
  access: Access;
  /** Set when a request can be built from the spec; otherwise `problem` says why not. */
  template?: RequestTemplate;
  problem?: string;
  provides?: Provision;
}

export function accessOf(method: string, operationId: string): Access {
  return method.toUpperCase() === "GET" || READ_ONLY_OPERATIONS.has(operationId) ? "read" : "write";
}

/** Every operation of the spec, with what it reads or writes and how to call it from its examples. */
export function planOperations(document: OpenApiDocument, model: ApiModel): PlannedOperation[] {
  const schemas = isRecord(document.components.schemas) ? document.components.schemas : {};
  // In the order the spec lists them: the first list of a tag decides what records the tag lists (below).
  const models = model.operations;
  const gets = new Map(models.filter((operation) => operation.httpMethod === "get").map((operation) => [operation.path, operation]));
  const planned: PlannedOperation[] = models.map((operation) => ({
    operationId: operation.operationId,
    method: operation.httpMethod.toUpperCase(),
    path: operation.path,
    ...(operation.body?.json && { bodyExample: mediaExample(operation.body.json.media) }),
    tag: operation.tag,
    access: accessOf(operation.httpMethod, operation.operationId),
    provides: provisionOf(document, operation.success.json?.schema),
  }));
  // Which kind of record a tag lists, e.g. Companies → Company: the owner of a top-level `uuids` array.
  const listedByTag = new Map<string, string>();
  planned.forEach((entry, index) => {
    const methodName = models[index]?.methodName;
    if (entry.tag && entry.access === "read" && entry.provides && (methodName === "list" || methodName === "search") && !listedByTag.has(entry.tag)) {
      listedByTag.set(entry.tag, entry.provides.kind);
    }
  });
  models.forEach((operation, index) => {
    const entry = planned[index];
    if (!entry) return;
    const kinds: KindResolver = {
      ofField: (name) => kindOfIdField(name, schemas),
      ofPathParameter: (name) => kindOfIdField(name, schemas) ?? kindOfPathParameter(gets, operation.path, name) ?? (entry.tag ? listedByTag.get(entry.tag) : undefined),
      ofOwnIds: () => (entry.tag ? listedByTag.get(entry.tag) : undefined),
    };
    const built = buildTemplate(document, operation, kinds);
    if (typeof built === "string") entry.problem = built;
    else entry.template = built;
  });
  return planned;
}

interface KindResolver {
  ofField(name: string): string | undefined;
  ofPathParameter(name: string): string | undefined;
  /** Whose ids a top-level `uuids` body array holds. */
  ofOwnIds(): string | undefined;
}

/** `flowUuid`, `flow_uuid`, `lead_uuids` → the schema whose records they name, if the spec has it. */
function kindOfIdField(name: string, schemas: Record<string, unknown>): string | undefined {
  const snake = name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
  const stem = /^(.+)_uuids?$/.exec(snake)?.[1];
  if (!stem) return undefined;
  const kind = API_VOCABULARY[stem] ?? stem.replace(/(^|_)([a-z])/g, (_m, _sep: string, letter: string) => letter.toUpperCase());
  return kind in schemas ? kind : undefined;
}

/** `{uuid}` in `/leads/api/leads/{uuid}/…` names whatever `GET /leads/api/leads/{uuid}` answers. */
function kindOfPathParameter(gets: Map<string, OperationModel>, path: string, name: string): string | undefined {
  const end = path.indexOf(`{${name}}`);
  if (end < 0) return undefined;
  return refName(gets.get(path.slice(0, end + name.length + 2))?.success.json?.schema);
}

function refName(schema: unknown): string | undefined {
  return isRecord(schema) && typeof schema.$ref === "string" ? schema.$ref.split("/").pop() : undefined;
}

/** A page (`data: Item[]`, also through allOf) or a bare array of one named schema. */
function provisionOf(document: OpenApiDocument, answer: unknown): Provision | undefined {
  const schema = followRefs(document, answer).value;
  if (!isRecord(schema)) return undefined;
  if (schema.type === "array" && isRecord(schema.items)) {
    const kind = refName(schema.items);
    return kind ? { kind, itemsPointer: "" } : undefined;
  }
  const parts = [schema, ...(Array.isArray(schema.allOf) ? schema.allOf.map((part) => followRefs(document, part).value) : [])];
  for (const part of parts) {
    const data = isRecord(part) && isRecord(part.properties) ? part.properties.data : undefined;
    const kind = isRecord(data) && data.type === "array" ? refName(data.items) : undefined;
    if (kind) return { kind, itemsPointer: "/data" };
  }
  return undefined;
}

function parameterExample(parameter: Record<string, unknown>): unknown {
  if (parameter.example !== undefined) return parameter.example;
  const schema = isRecord(parameter.schema) ? parameter.schema : {};
  if (schema.example !== undefined) return schema.example;
  if (Array.isArray(schema.examples)) return schema.examples[0];
  const named = isRecord(parameter.examples) ? Object.values(parameter.examples)[0] : undefined;
  return isRecord(named) ? named.value : undefined;
}

function mediaExample(media: Record<string, unknown>): unknown {
  if (media.example !== undefined) return media.example;
  const named = isRecord(media.examples) ? Object.values(media.examples)[0] : undefined;
  return isRecord(named) ? named.value : undefined;
}

/** A query value as sent: scalars as text, arrays as repeated keys, deepObject objects as `name[key]`. */
function encodeQuery(name: string, value: unknown, style: unknown): Record<string, string | string[]> | undefined {
  const scalar = (v: unknown) => typeof v === "string" || typeof v === "number" || typeof v === "boolean";
  if (scalar(value)) return { [name]: String(value) };
  if (Array.isArray(value) && value.every(scalar)) return { [name]: value.map(String) };
  if (style === "deepObject" && isRecord(value)) {
    const flat: Record<string, string | string[]> = {};
    for (const [key, inner] of Object.entries(value)) {
      const encoded = encodeQuery(`${name}[${key}]`, inner, undefined);
      if (!encoded) return undefined;
      Object.assign(flat, encoded);
    }
    return flat;
  }
  return undefined;
}

function buildTemplate(document: OpenApiDocument, operation: OperationModel, kinds: KindResolver): RequestTemplate | string {
  const template: RequestTemplate = { method: operation.httpMethod.toUpperCase(), pathTemplate: operation.path, query: {}, slots: [], adjustments: [] };
  const pagination = operation.pagination?.in;
  for (const { name, in: where, required, definition: parameter } of operation.parameters) {
    const idField = name === "id" ? "id" : "uuid";
    if (where === "path") {
      const kind = kinds.ofPathParameter(name);
      if (!kind) return `nothing in the spec says which records {${name}} names`;
      template.slots.push({ in: "path", name, pointer: "", kind, field: idField, many: false });
      continue;
    }
    if (where !== "query") continue;
    if (name === "limit" && pagination === "query") {
      template.query.limit = String(RECORD_PAGE_SIZE);
      continue;
    }
    if ((name === "filter" || name === "search") && !required) {
      template.adjustments.push(`optional \`${name}\` left out: its example values are made up`);
      continue;
    }
    const example = parameterExample(parameter);
    const kind = kinds.ofField(name);
    if (kind && (typeof example === "string" || Array.isArray(example) || example === undefined)) {
      template.slots.push({ in: "query", name, pointer: "", kind, field: "uuid", many: Array.isArray(example) });
      template.query[name] = "";
      continue;
    }
    if (example === undefined) {
      if (required) return `query parameter \`${name}\` is required but has no example`;
      continue;
    }
    if (typeof example === "string" && isRecord(parameter.schema) && parameter.schema.contentMediaType === "application/json") {
      let parsed: unknown;
      try {
        parsed = JSON.parse(example);
      } catch {
        return `the example of \`${name}\` is not the JSON its schema promises`;
      }
      for (const slot of bodySlots(parsed, kinds, false)) template.slots.push({ ...slot, in: "query-json", name });
    }
    const encoded = encodeQuery(name, example, parameter.style);
    if (!encoded) return `the example of query parameter \`${name}\` cannot be sent as a query string`;
    Object.assign(template.query, encoded);
  }
  if (pagination === "query" && template.query.limit !== undefined) template.adjustments.push(`page size ${RECORD_PAGE_SIZE}`);

  const json = operation.body?.json;
  if (json) {
    const example = mediaExample(json.media);
    if (example === undefined) {
      if (operation.body?.required) return "the request body has no example";
    } else {
      const body = structuredClone(example);
      const schema = followRefs(document, json.schema).value;
      const requiredFields = isRecord(schema) && Array.isArray(schema.required) ? schema.required : [];
      if (isRecord(body) && "filter" in body && !requiredFields.includes("filter")) {
        delete body.filter;
        template.adjustments.push("optional `filter` left out: its example values are made up");
      }
      if (isRecord(body) && pagination === "body") {
        body.limit = RECORD_PAGE_SIZE;
        template.adjustments.push(`page size ${RECORD_PAGE_SIZE}`);
      }
      template.body = body;
      template.slots.push(...bodySlots(body, kinds, true));
    }
  }

  const unfilled = strayId(template);
  if (unfilled) return `the example holds an id at ${unfilled} that no earlier answer can supply`;
  return template;
}

/** Keys that name records (`lead_uuid`, `flow_uuids`, a top-level `uuids`) anywhere in a JSON example. */
function bodySlots(value: unknown, kinds: KindResolver, topLevelOwnIds: boolean): IdSlot[] {
  const slots: IdSlot[] = [];
  const visit = (node: unknown, pointer: string): void => {
    if (Array.isArray(node)) node.forEach((item, index) => visit(item, joinPointer(pointer, index)));
    if (!isRecord(node)) return;
    for (const [key, inner] of Object.entries(node)) {
      const at = joinPointer(pointer, key);
      const idLike = typeof inner === "string" || (Array.isArray(inner) && inner.every((item) => typeof item === "string"));
      const kind = kinds.ofField(key) ?? (topLevelOwnIds && pointer === "" && key === "uuids" ? kinds.ofOwnIds() : undefined);
      if (kind && idLike) slots.push({ in: "body", name: "", pointer: at, kind, field: "uuid", many: Array.isArray(inner) });
      else visit(inner, at);
    }
  };
  visit(value, "");
  return slots;
}

/** Where the example holds a UUID that no slot will replace (a made-up id the real API cannot know). */
function strayId(template: RequestTemplate): string | undefined {
  const covered = new Set(template.slots.map((slot) => `${slot.in}:${slot.name}:${slot.pointer}`));
  const firstUuid = (node: unknown, pointer: string, isCovered: (pointer: string) => boolean): string | undefined => {
    if (isCovered(pointer)) return undefined;
    if (typeof node === "string") return UUID.test(node) ? pointer : undefined;
    const children: [string | number, unknown][] = Array.isArray(node) ? [...node.entries()] : isRecord(node) ? Object.entries(node) : [];
    for (const [key, child] of children) {
      const hit = firstUuid(child, joinPointer(pointer, key), isCovered);
      if (hit !== undefined) return hit;
    }
    return undefined;
  };
  const inBody = firstUuid(template.body, "", (pointer) => covered.has(`body::${pointer}`));
  if (inBody !== undefined) return `body ${inBody || "/"}`;
  for (const [name, value] of Object.entries(template.query)) {
    const json = typeof value === "string" ? parseJson(value) : undefined;
    const hit = json === undefined
      ? firstUuid(value, "", () => covered.has(`query:${name}:`))
      : firstUuid(json, "", (pointer) => covered.has(`query-json:${name}:${pointer}`));
    if (hit !== undefined) return `query parameter ${name}${hit}`;
  }
  return undefined;
}

function parseJson(text: string): unknown {
  if (!/^[[{]/.test(text)) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A request with every id filled in, ready to send. */
export interface ConcreteRequest {
  method: string;
  pathTemplate: string;
  path: string;
  query: Record<string, string | string[]>;
  body?: unknown;
  /** Path parameter → the real value sent (the recording maps each to its synthetic stand-in). */
  pathValues: Record<string, string>;
}

/** Records seen in earlier answers, by kind: where ids come from. */
export type RecordPool = Map<string, Record<string, unknown>[]>;

/** Fills every slot from the pool; the first slot that cannot be filled is returned instead. */
export function fillTemplate(template: RequestTemplate, pool: RecordPool): { request: ConcreteRequest } | { missing: IdSlot } {
  const query: Record<string, string | string[]> = structuredClone(template.query);
  const body = structuredClone(template.body);
  const pathValues: Record<string, string> = {};
  const jsonQuery = new Map<string, unknown>();
  for (const slot of template.slots) {
    const value = pool.get(slot.kind)?.map((record) => record[slot.field]).find((v) => typeof v === "string" || typeof v === "number");
    if (value === undefined) return { missing: slot };
    const id = String(value);
    if (slot.in === "path") pathValues[slot.name] = id;
    else if (slot.in === "query") query[slot.name] = slot.many ? [id] : id;
    else if (slot.in === "body") setAtPointer(body, slot.pointer, slot.many ? [id] : id);
    else {
      if (!jsonQuery.has(slot.name)) jsonQuery.set(slot.name, JSON.parse(String(query[slot.name])));
      setAtPointer(jsonQuery.get(slot.name), slot.pointer, slot.many ? [id] : id);
    }
  }
  for (const [name, value] of jsonQuery) query[name] = JSON.stringify(value);
  const path = template.pathTemplate.replace(/\{([^}]+)\}/g, (_m, name: string) => encodeURIComponent(pathValues[name] ?? ""));
  return { request: { method: template.method, pathTemplate: template.pathTemplate, path, query, ...(template.body !== undefined && { body }), pathValues } };
}

function setAtPointer(root: unknown, pointer: string, value: unknown): void {
  const segments = splitPointer(pointer);
  const last = segments.pop();
  const parent = getAtPointer(root, segments.length ? joinPointer("", ...segments) : "");
  if (last !== undefined && (isRecord(parent) || Array.isArray(parent))) (parent as Record<string, unknown>)[last] = value;
}

/** Reads first, each after the operations that list the records it needs (stable otherwise). */
export function orderByNeeds(planned: PlannedOperation[]): PlannedOperation[] {
  const pending = [...planned];
  const ordered: PlannedOperation[] = [];
  const providersLeft = (kind: string) => pending.some((p) => p.provides?.kind === kind);
  while (pending.length > 0) {
    const ready = pending.findIndex((p) => (p.template?.slots ?? []).every((slot) => !providersLeft(slot.kind) || p.provides?.kind === slot.kind));
    // A cycle (never in this spec) would leave no candidate; take the first rather than loop forever.
    const [next] = pending.splice(ready < 0 ? 0 : ready, 1);
    if (next) ordered.push(next);
  }
  return ordered;
}
