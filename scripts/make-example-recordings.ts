/**
 * Writes the baseline recordings built from the spec's own examples: one 2xx exchange per operation, a few
 * paged lists with several items per page, and one exchange for each common error. Existing files are kept
 * unless `--force` is given, so recordings captured from the live API or edited by hand are never lost.
 *
 *   npx tsx scripts/make-example-recordings.ts [--force] [--spec DIR] [--out DIR]
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { scanForPersonalData } from "../generator/runtime/privacy.ts";
import { RECORDINGS_DIR, type RecordedPart, type Recording } from "../generator/src/contract/recording.ts";
import { formatFinding, SpecError } from "../generator/src/errors.ts";
import type { OpenApiDocument } from "../generator/src/load/bundle.ts";
import { loadSpec } from "../generator/src/load/index.ts";
import { followRefs, isRecord } from "../generator/src/load/pointer.ts";
import { buildModel } from "../generator/src/model/build.ts";
import type { ApiModel, FilterModel, FormPartModel, OperationModel, ParameterModel } from "../generator/src/model/types.ts";

export interface NamedRecording {
  /** File name without `.json`, inside the operation's folder. */
  name: string;
  recording: Recording;
}

type Json = Record<string, unknown>;
type Query = Record<string, string | string[]>;

/** Name of the recording built from an operation's documented 2xx example. */
export const EXAMPLE_RECORDING = "documented-example";

/**
 * Lists recorded as pages of a few items each. With `total` equal to the number of items the pages cover the
 * whole list (a client can page to the end); with a larger `total` only the first page exists. Extra items copy
 * the spec's example item and change what makes them another record; their `uuid` is derived from their key.
 */
interface PagedList {
  pageSize: number;
  total: number;
  /** The filter sent with every page (query lists), in the operation's encoding; body lists keep their example's. */
  filter?: Json;
  extraItems: { key: string; fields: Json }[];
}

/** A made-up but valid UUID (version 4 layout), the same for the same label on every run. */
function syntheticUuid(label: string): string {
  const hex = createHash("sha256").update(label).digest("hex");
  const variant = "89ab"[Number.parseInt(hex.charAt(16), 16) % 4] as string;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const contactUuid = (person: string) => syntheticUuid(`contact:${person}`);

const PAGED_LISTS: Readonly<Record<string, PagedList>> = {
  searchContacts: {
    pageSize: 2,
    total: 5,
    extraItems: [
      { key: "contact:avery-quinn", fields: { name: "Avery Quinn", first_name: "Avery", last_name: "Quinn", position: "Director of Sales Operations", headline: "Sales operations at Northwind Analytics", linkedin: "avery-quinn-example", work_email: "avery.quinn@example.com", created_at: "2026-02-09T10:22:31Z", updated_at: "2026-03-28T16:03:12Z" } },
      { key: "contact:rosa-delgado", fields: { name: "Rosa Delgado", first_name: "Rosa", last_name: "Delgado", position: "VP of Marketing", headline: "Marketing at Northwind Analytics", linkedin: "rosa-delgado-example", work_email: "rosa.delgado@example.com", created_at: "2026-02-03T08:15:00Z", updated_at: "2026-03-30T11:20:05Z" } },
      { key: "contact:kenji-moreau", fields: { name: "Kenji Moreau", first_name: "Kenji", last_name: "Moreau", position: "Revenue Analyst", headline: "Revenue analytics, Northwind Analytics", linkedin: "kenji-moreau-example", work_email: "kenji.moreau@example.com", created_at: "2026-01-22T13:47:09Z", updated_at: "2026-02-14T09:02:51Z" } },
      { key: "contact:lena-okoro", fields: { name: "Lena Okoro", first_name: "Lena", last_name: "Okoro", position: "Sales Development Lead", headline: "Building the SDR team at Northwind Analytics", linkedin: "lena-okoro-example", work_email: "lena.okoro@example.com", created_at: "2026-01-12T09:30:44Z", updated_at: "2026-01-12T09:30:44Z" } },
    ],
  },
  listCompanies: {
    pageSize: 2,
    total: 4,
    filter: { industry: "Software Development" },
    extraItems: [
      { key: "company:bluefin-robotics", fields: { name: "Bluefin Robotics", domain: "bluefin-robotics.example", website: "https://www.bluefin-robotics.example", ln_id: 90000002, linkedin: "bluefin-robotics-example", employees_range: "11-50", hq_raw_address: "Austin, Texas, United States", lists: [], created_at: "2026-02-10T08:00:12Z", updated_at: "2026-02-10T08:00:12Z" } },
      { key: "company:cedar-ledger", fields: { name: "Cedar Ledger", domain: "cedar-ledger.example", website: "https://www.cedar-ledger.example", ln_id: 90000003, linkedin: "cedar-ledger-example", employees_range: "201-500", hq_raw_address: "Toronto, Ontario, Canada", created_at: "2026-01-28T15:41:09Z", updated_at: "2026-03-05T10:17:33Z" } },
      { key: "company:harbor-metrics", fields: { name: "Harbor Metrics", domain: "harbor-metrics.example", website: "https://www.harbor-metrics.example", ln_id: 90000004, linkedin: "harbor-metrics-example", employees_range: "51-200", hq_raw_address: "Dublin, Ireland", lists: [], created_at: "2026-01-15T12:03:55Z", updated_at: "2026-01-15T12:03:55Z" } },
    ],
  },
  listTasks: {
    pageSize: 2,
    total: 3,
    extraItems: [
      { key: "task:avery-quinn", fields: { lead_uuid: contactUuid("avery-quinn"), flow_lead_uuid: syntheticUuid("enrolment:avery-quinn"), payload: { template: "Hi {{first_name}}, glad to connect!", rendered_text: "Hi Avery, glad to connect!", attachments: [], stop_on_reply_level: "always", last_message_at: null }, executed_at: "2026-07-01T15:05:41.000000Z", taken_to_execute_at: "2026-07-01T15:05:30.000000Z", updated_at: "2026-07-01T15:05:41.000000Z" } },
      { key: "task:rosa-delgado", fields: { lead_uuid: contactUuid("rosa-delgado"), flow_lead_uuid: syntheticUuid("enrolment:rosa-delgado"), payload: { template: "Hi {{first_name}}, glad to connect!", rendered_text: "Hi Rosa, glad to connect!", attachments: [], stop_on_reply_level: "always", last_message_at: null }, executed_at: "2026-07-02T09:12:03.000000Z", taken_to_execute_at: "2026-07-02T09:11:50.000000Z", updated_at: "2026-07-02T09:12:03.000000Z" } },
    ],
  },
  listAutomations: {
    pageSize: 3,
    total: 14,
    filter: { status: "on" },
    extraItems: [
      { key: "automation:saas-cfos", fields: { name: "SaaS CFOs — Q2 introductions", flow_version_uuid: syntheticUuid("automation-version:saas-cfos"), description: "Invitation, then two follow-ups for finance leaders at SaaS companies.", priority: 1, is_public: false, created_at: "2026-03-18T10:02:44.000000Z", updated_at: "2026-04-09T08:15:10.000000Z" } },
      { key: "automation:webinar-no-shows", fields: { name: "Webinar no-shows — recording follow-up", flow_version_uuid: syntheticUuid("automation-version:webinar-no-shows"), description: "Sends the recording to people who registered but did not attend.", priority: 3, is_public: false, created_at: "2026-02-24T14:30:00.000000Z", updated_at: "2026-03-31T17:48:29.000000Z" } },
    ],
  },
  listLinkedinMessages: {
    pageSize: 3,
    total: 41,
    filter: { type: "inbox" },
    extraItems: [
      { key: "linkedin-message:avery-quinn", fields: { linkedin_conversation_uuid: syntheticUuid("conversation:avery-quinn"), lead_uuid: contactUuid("avery-quinn"), text: "Happy to take a look. Could you send the deck first?", read_at: null, sent_at: "2026-04-13T16:20:05Z", created_at: "2026-04-13T16:21:11Z", updated_at: "2026-04-13T16:21:11Z" } },
      { key: "linkedin-message:rosa-delgado", fields: { linkedin_conversation_uuid: syntheticUuid("conversation:rosa-delgado"), lead_uuid: contactUuid("rosa-delgado"), text: "Not the right time for us, maybe next quarter.", read_at: "2026-04-12T10:03:19Z", sent_at: "2026-04-12T09:47:52Z", created_at: "2026-04-12T09:48:40Z", updated_at: "2026-04-12T10:03:19Z" } },
    ],
  },
  listWebhooks: {
    pageSize: 2,
    total: 5,
    extraItems: [
      { key: "webhook:email-replies", fields: { name: "Email replies to the CRM", event: "contact_replied_email", target_url: "https://hooks.example.com/grinfi/email-replies", created_at: "2026-03-22T09:40:51Z", updated_at: "2026-04-01T13:12:08Z" } },
    ],
  },
};

/** Path parameters that name a record no path prefix serves: the operation whose example supplies the id. */
const RECORD_OF_PARAMETER: Readonly<Record<string, string>> = { leadUuid: "getContact", flowUuid: "getAutomation" };

interface OperationView {
  operation: OperationModel;
  operationId: string;
  status: number;
  /** `$ref` of the 2xx JSON schema, when it is a named one. */
  schemaRef?: string;
  responseExample?: unknown;
  /** The answer's media type: JSON, or a file's (a CSV download's `text/csv`, recorded as the file's text). */
  responseMediaType: string;
  requestExample?: unknown;
  /** A multipart/form-data body's parts; its example then becomes the recorded form. */
  formParts?: FormPartModel[];
  parameters: ParameterModel[];
}

/** Every recording the spec's examples give, in a stable order. */
export function buildExampleRecordings(document: OpenApiDocument, model: ApiModel): NamedRecording[] {
  const views = model.operations.map(viewOf);
  const recordings: NamedRecording[] = [];
  for (const view of views) {
    recordings.push({ name: EXAMPLE_RECORDING, recording: exampleRecording(view, views) });
    const paged = PAGED_LISTS[view.operationId];
    if (paged) recordings.push(...pagedRecordings(view, views, paged));
  }
  recordings.push(...errorRecordings(document, views));
  return recordings;
}

function viewOf(operation: OperationModel): OperationView {
  const { success, body } = operation;
  const schema = success.json?.schema;
  return {
    operation,
    operationId: operation.operationId,
    status: success.status,
    schemaRef: isRecord(schema) && typeof schema.$ref === "string" ? schema.$ref : undefined,
    responseExample: (success.json ?? success.file)?.media.example,
    responseMediaType: success.file?.mediaTypes[0] ?? "application/json",
    requestExample: (body?.json ?? body?.multipart)?.media.example,
    ...(body?.multipart && { formParts: body.multipart.parts }),
    parameters: operation.parameters,
  };
}

/** File name extensions of the media types a recorded file part may have; anything else is `.bin`. */
const FILE_EXTENSIONS: Readonly<Record<string, string>> = { "text/csv": "csv", "text/plain": "txt", "application/json": "json" };

/**
 * The form a multipart body's example describes, part by part in the spec's order: a file part's example is the
 * file's text, sent under a made-up name; a JSON or text part's example is its value.
 */
function exampleForm(view: OperationView, parts: FormPartModel[], example: unknown): RecordedPart[] {
  if (!isRecord(example)) throw new Error(`${view.operationId}: a multipart body's example must be an object of its parts`);
  return parts.flatMap((part): RecordedPart[] => {
    const value = example[part.name];
    if (value === undefined) return [];
    if (part.kind !== "file") return [{ name: part.name, value: structuredClone(value) }];
    if (typeof value !== "string") throw new Error(`${view.operationId}: the example of file part ${part.name} must be the file's text`);
    const contentType = part.contentType ?? "application/octet-stream";
    return [{ name: part.name, filename: `example-${part.name}.${FILE_EXTENSIONS[contentType] ?? "bin"}`, contentType, content: value }];
  });
}

function exampleRecording(view: OperationView, views: OperationView[]): Recording {
  const sources: string[] = [];
  const path = concretePath(view, views, sources);
  const query = exampleQuery(view, sources);
  const origin = view.responseExample !== undefined ? `the ${view.status} response example` : `the documented ${view.status} answer without a body`;
  const request = view.requestExample === undefined ? "" : view.formParts ? ", the multipart request body example" : ", the request body example";
  const parts = [`${origin}${request}`, ...sources];
  return {
    operationId: view.operationId,
    source: "documented-example",
    note: `Built from the spec's examples of ${view.operationId}: ${parts.join("; ")}.`,
    request: {
      method: view.operation.httpMethod.toUpperCase(),
      path,
      ...(Object.keys(query).length ? { query } : {}),
      ...requestBodyOf(view),
    },
    response: responseOf(view.status, view.responseExample, {}, view.responseMediaType),
  };
}

/** The recorded request body: a JSON body as `body`, a multipart one as `form`; nothing without an example. */
function requestBodyOf(view: OperationView): Pick<Recording["request"], "body" | "form"> {
  if (view.requestExample === undefined) return {};
  if (view.formParts) return { form: exampleForm(view, view.formParts, view.requestExample) };
  return { body: structuredClone(view.requestExample) };
}

/** A JSON answer's body is its value; a file's (`text/csv`) is the file's text. */
function responseOf(status: number, body: unknown, extraHeaders: Record<string, string> = {}, mediaType = "application/json"): Recording["response"] {
  if (body === undefined) return { status };
  return { status, headers: { "content-type": mediaType, ...extraHeaders }, body: structuredClone(body) };
}

/** The path with each `{parameter}` filled, preferring ids from examples so recordings refer to the same records. */
function concretePath(view: OperationView, views: OperationView[], sources: string[]): string {
  const template = view.operation.path;
  return template.replace(/\{([^}]+)\}/g, (_match, name: string) => {
    const parameter = view.parameters.find((p) => p.in === "path" && p.name === name);
    const schema = isRecord(parameter?.schema) ? parameter.schema : {};
    const field = schema.type === "integer" ? "id" : "uuid";
    const found = pathParameterValue(view, views, name, field);
    if (found) {
      sources.push(`{${name}} from ${found.from}`);
      return encodeURIComponent(String(found.value));
    }
    sources.push(`{${name}} made up`);
    return field === "id" ? "4242" : syntheticUuid(`${view.operationId}:${name}`);
  });
}

function pathParameterValue(view: OperationView, views: OperationView[], name: string, field: "uuid" | "id"): { value: unknown; from: string } | undefined {
  const template = view.operation.path;
  const prefix = template.slice(0, template.indexOf(`{${name}}`) + name.length + 2);
  const atPrefix = views.filter((v) => v.operation.path === prefix).sort((a, b) => Number(b.operation.httpMethod === "get") - Number(a.operation.httpMethod === "get"));
  const addressed = atPrefix.find((v) => v.schemaRef)?.schemaRef;
  const own = idIn(view.responseExample, field);
  if (own !== undefined && (template === prefix || (addressed !== undefined && view.schemaRef === addressed))) return { value: own, from: "the response example" };
  for (const other of atPrefix) {
    const id = idIn(other.responseExample, field);
    if (id !== undefined) return { value: id, from: `the response example of ${other.operationId}` };
  }
  const collection = prefix.slice(0, prefix.lastIndexOf("/"));
  for (const other of views.filter((v) => v.operation.path === collection)) {
    const example = other.responseExample;
    const id = isRecord(example) && Array.isArray(example.data) ? idIn(example.data[0], field) : idIn(example, field);
    if (id !== undefined) return { value: id, from: `the response example of ${other.operationId}` };
  }
  const recordOperation = views.find((v) => v.operationId === RECORD_OF_PARAMETER[name]);
  const id = idIn(recordOperation?.responseExample, field);
  return id !== undefined && recordOperation ? { value: id, from: `the response example of ${recordOperation.operationId}` } : undefined;
}

function idIn(example: unknown, field: "uuid" | "id"): string | number | undefined {
  if (!isRecord(example)) return undefined;
  const value = example[field];
  return typeof value === "string" || typeof value === "number" ? value : undefined;
}

/** Query of a list or filtered operation: documented parameter examples, the example page's limit/offset, a filter. */
function exampleQuery(view: OperationView, sources: string[]): Query {
  const query: Query = {};
  const filter = view.operation.filter;
  for (const { in: where, name, definition } of view.parameters) {
    if (where !== "query" || definition.example === undefined) continue;
    Object.assign(query, encodeQueryParameter(name, definition.example));
    sources.push(`query ${name} from its parameter example`);
  }
  if (view.operation.pagination?.in === "query") {
    const page = isRecord(view.responseExample) ? view.responseExample : {};
    query.limit = String(typeof page.limit === "number" ? page.limit : 20);
    query.offset = String(typeof page.offset === "number" ? page.offset : 0);
    sources.push("limit/offset from the example page");
  }
  const filterInQuery = filter?.encoding === "query" || filter?.encoding === "query-json";
  if (filter && filterInQuery && !Object.keys(query).some((key) => key === "filter" || key.startsWith("filter["))) {
    const derived = filterFromFirstItem(filter, view.responseExample);
    if (derived) {
      Object.assign(query, filter.encoding === "query-json" ? { filter: JSON.stringify(derived) } : encodeQueryParameter("filter", derived));
      sources.push(`filter on ${Object.keys(derived).join(", ")} matching the example item`);
    }
  }
  return query;
}

/** Fields that identify a record or its owner: filtering a list on them says little. */
const RECORD_KEYS = new Set(["uuid", "id", "team_id", "user_id"]);

/** One filter condition the example page's first item satisfies: an enum field if any, else a text field, else an id. */
function filterFromFirstItem(filter: FilterModel, example: unknown): Json | undefined {
  const item = isRecord(example) && Array.isArray(example.data) ? example.data[0] : undefined;
  if (!isRecord(item)) return undefined;
  const preference = (field: FilterModel["fields"][number]) => (field.enumName !== undefined ? 3 : field.type === "string" ? 2 : field.type === "uuid" ? 1 : 0);
  const candidates = filter.fields.filter((field) => !RECORD_KEYS.has(field.name) && !field.search).sort((a, b) => preference(b) - preference(a));
  for (const { name } of candidates) {
    const value = item[name];
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return { [name]: value };
  }
  return undefined;
}

/** `deepObject` style: `filter[status]=on`, `filter[tags][]=a&filter[tags][]=b`, `filter[created_at][>=]=…`. */
function encodeQueryParameter(name: string, value: unknown): Query {
  if (!isRecord(value)) return { [name]: Array.isArray(value) ? value.map(String) : String(value) };
  const query: Query = {};
  for (const [key, inner] of Object.entries(value)) {
    if (Array.isArray(inner)) query[`${name}[${key}][]`] = inner.map(String);
    else if (isRecord(inner)) for (const [operator, operand] of Object.entries(inner)) query[`${name}[${key}][${operator}]`] = String(operand);
    else query[`${name}[${key}]`] = String(inner);
  }
  return query;
}

function pagedRecordings(view: OperationView, views: OperationView[], paged: PagedList): NamedRecording[] {
  const example = view.responseExample;
  const first = isRecord(example) && Array.isArray(example.data) ? example.data[0] : undefined;
  if (!isRecord(example) || !isRecord(first)) throw new Error(`${view.operationId}: a paged list needs a response example with one item`);
  const items = [first, ...paged.extraItems.map(({ key, fields }) => ({ ...structuredClone(first), uuid: syntheticUuid(key), ...structuredClone(fields) }))];
  const covered = Math.min(paged.total, items.length);
  const base = exampleRecording(view, views);
  const inBody = view.operation.pagination?.in !== "query";
  const recordings: NamedRecording[] = [];
  for (let offset = 0; offset < covered; offset += paged.pageSize) {
    const data = items.slice(offset, offset + paged.pageSize);
    const page: Json = { ...structuredClone(example), data, limit: paged.pageSize, offset, total: paged.total };
    if ("has_more" in example) page.has_more = offset + data.length < paged.total;
    const query: Query = { ...base.request.query };
    if (!inBody) {
      query.limit = String(paged.pageSize);
      query.offset = String(offset);
      if (paged.filter) {
        for (const key of Object.keys(query)) if (key === "filter" || key.startsWith("filter[")) delete query[key];
        Object.assign(query, encodeQueryParameter("filter", paged.filter));
      }
    }
    const body = inBody && isRecord(base.request.body) ? { ...base.request.body, limit: paged.pageSize, offset } : base.request.body;
    const pageNumber = offset / paged.pageSize + 1;
    const pages = Math.ceil(paged.total / paged.pageSize);
    recordings.push({
      name: `paged-offset-${offset}`,
      recording: {
        operationId: view.operationId,
        source: "documented-example",
        note:
          `Page ${pageNumber} of ${pages} (${paged.pageSize} per page, ${paged.total} in all), built from the spec's ${view.status} response example of ${view.operationId}: ` +
          `its item first, then invented records of the same shape${covered < paged.total ? "; only this page is recorded" : "; every page is recorded, so a client can page to the end"}.`,
        request: { method: base.request.method, path: base.request.path, ...(Object.keys(query).length ? { query } : {}), ...(body !== undefined ? { body } : {}) },
        response: responseOf(view.status, page),
      },
    });
  }
  return recordings;
}

/** One exchange per common error shape, with the spec's shared error examples as bodies. */
function errorRecordings(document: OpenApiDocument, views: OperationView[]): NamedRecording[] {
  const errorExample = (name: string): unknown => {
    const response = followRefs(document, { $ref: `#/components/responses/${name}` }).value;
    const media = isRecord(response) && isRecord(response.content) ? response.content["application/json"] : undefined;
    if (!isRecord(media) || media.example === undefined) throw new Error(`components/responses/${name} has no example`);
    return media.example;
  };
  const viewFor = (operationId: string): OperationView => {
    const view = views.find((v) => v.operationId === operationId);
    if (!view) throw new Error(`the spec has no operation ${operationId}`);
    return view;
  };
  const baseline = (operationId: string) => exampleRecording(viewFor(operationId), views);
  const currentUser = baseline("getCurrentUser");
  const contact = baseline("getContact");
  const createList = baseline("createList");
  const tasks = baseline("listTasks");
  const unknownContact = syntheticUuid("contact:unknown");
  return [
    {
      name: "unauthorized",
      recording: {
        operationId: "getCurrentUser",
        source: "documented-example",
        note: "A request whose API key is unknown or revoked. Body from the spec's Unauthorized response example.",
        request: currentUser.request,
        response: responseOf(401, errorExample("Unauthorized")),
      },
    },
    {
      name: "not-found",
      recording: {
        operationId: "getContact",
        source: "documented-example",
        note: "A contact UUID that exists nowhere in the team. Body from the spec's NotFound response example.",
        request: { ...contact.request, path: contact.request.path.replace(/[^/]+$/, unknownContact) },
        response: responseOf(404, errorExample("NotFound")),
      },
    },
    {
      name: "missing-name",
      recording: {
        operationId: "createList",
        source: "documented-example",
        note: "Creating a list without its required name. Body from the spec's ValidationFailed response example.",
        request: { ...createList.request, body: {} },
        response: responseOf(422, errorExample("ValidationFailed")),
      },
    },
    {
      name: "rate-limited",
      recording: {
        operationId: "listTasks",
        source: "documented-example",
        note: "A list request over the limit of 300 requests a minute; retry-after says how long to wait. Body from the spec's RateLimited response example.",
        request: { ...tasks.request, query: { limit: "100", offset: "0" } },
        response: responseOf(429, errorExample("RateLimited"), { "retry-after": "12" }),
      },
    },
  ];
}

export interface WriteResult {
  written: string[];
  kept: string[];
}

/** Writes each recording as `<dir>/<operationId>/<name>.json`; an existing file is kept unless `force`. */
export function writeRecordings(recordings: NamedRecording[], dir: string, force: boolean): WriteResult {
  const result: WriteResult = { written: [], kept: [] };
  for (const { name, recording } of recordings) {
    const folder = join(dir, recording.operationId);
    const file = join(folder, `${name}.json`);
    if (existsSync(file) && !force) {
      result.kept.push(file);
      continue;
    }
    mkdirSync(folder, { recursive: true });
    writeFileSync(file, JSON.stringify(recording, null, 2) + "\n");
    result.written.push(file);
  }
  return result;
}

const USAGE = "usage: make-example-recordings [--force] [--spec DIR] [--out DIR]";

export async function runMakeExampleRecordings(args: string[]): Promise<number> {
  let force = false;
  let specDir = "spec";
  let outDir = RECORDINGS_DIR;
  for (let index = 0; index < args.length; index++) {
    const arg = args[index];
    if (arg === "--force") force = true;
    else if ((arg === "--spec" || arg === "--out") && args[index + 1] !== undefined) {
      const value = args[++index] as string;
      if (arg === "--spec") specDir = value;
      else outDir = value;
    } else if (arg === "--help" || arg === "-h") {
      console.log(USAGE);
      return 0;
    } else {
      console.error(`unknown or incomplete argument: ${String(arg)}\n${USAGE}`);
      return 2;
    }
  }
  let recordings: NamedRecording[];
  try {
    const bundle = await loadSpec(specDir);
    recordings = buildExampleRecordings(bundle.document, buildModel(bundle));
  } catch (error) {
    if (!(error instanceof SpecError)) throw error;
    console.error(error.findings.map(formatFinding).join("\n"));
    return 1;
  }
  // The examples are checked for personal data before anything is written.
  const leaks = recordings.flatMap(({ name, recording }) => scanForPersonalData(recording).map((f) => `${recording.operationId}/${name}.json ${f.pointer}: ${f.kind} ${f.excerpt}`));
  if (leaks.length) {
    console.error(`the spec's examples hold data that must not be recorded; fix the examples first:\n${leaks.join("\n")}`);
    return 1;
  }
  const { written, kept } = writeRecordings(recordings, outDir, force);
  const inside = relative(process.cwd(), outDir);
  const where = inside && !inside.startsWith("..") ? inside : outDir;
  console.log(`${where}: wrote ${written.length} recording(s), kept ${kept.length} existing${kept.length && !force ? " (--force overwrites them)" : ""}`);
  return 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await runMakeExampleRecordings(process.argv.slice(2));
}
