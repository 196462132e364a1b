/** The intermediate model: everything the emitters and the other commands need, read once from the bundle. */

export interface ApiModel {
  title: string;
  version: string;
  description: string;
  baseUrl: string;
  categories: CategoryModel[];
  /** By resource, each resource's operations, by method name: the SDK's layout. */
  resources: ResourceModel[];
  /** Every operation of every resource, in the order the spec lists them. */
  operations: OperationModel[];
  enums: EnumModel[];
  /**
   * Every schema component a user meets, enums apart: reachable from an operation's parameters, body or answers,
   * or from a webhook's body. Sorted by name.
   */
  schemas: SchemaModel[];
  webhooks: WebhookEventModel[];
  /** Every name the generated package declares besides the core's, with its module (see model/exports.ts). */
  exports: ReadonlyMap<string, ExportedName>;
  /** The automation node types, one step factory each (empty when the spec has no `KnownAutomationNode`). */
  flowNodes: FlowNodeTypeModel[];
}

export interface FlowNodeTypeModel {
  /** The node's `type` value: `linkedin_send_message`. */
  type: string;
  /** Its schema component: `SendLinkedinMessageNode`. */
  schemaName: string;
  /** Its step factory in the package: `sendLinkedinMessage`. */
  factoryName: string;
  /** The type of its payload in the package: `SendLinkedinMessagePayload`. */
  payloadTypeName: string;
  description: string;
  /** The payload takes nothing: the factory has no payload parameter and sends `[]`. */
  emptyPayload: boolean;
}

/** One `x-tagGroups` entry: a navigation category of the docs and the README, holding resources by tag. */
export interface CategoryModel {
  name: string;
  resources: string[];
}

/** Where the package's index declares a name: a module under `src/` (without `.ts`), and whether it is a type. */
export interface ExportedName {
  module: string;
  type: boolean;
}

export interface SchemaModel {
  /** Component name: `Contact`. */
  name: string;
  /** The exported model type: the component's name, or `<Name>Model` when another export has it. */
  typeName: string;
  description: string;
  /**
   * For a list page (the answer of an operation with `x-pagination`): the component its `data` items are. The
   * envelope's own `data` is a list of anything, so the page's type has to say which items it holds.
   */
  pageItem?: string;
}

export interface ResourceModel {
  tag: string;
  description: string;
  /** Property on the client: `grinfi.automationFolders`. */
  propertyName: string;
  /** Class name: `AutomationFolders`. */
  className: string;
  /** Module file name without extension: `automation-folders`. */
  fileName: string;
  operations: OperationModel[];
}

export interface ParameterModel {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required: boolean;
  description?: string;
  /** The parameter's JSON Schema as written (`{}` when it has none). */
  schema: unknown;
  /** The parameter object as written, after its `$ref`: its examples, style and explode. */
  definition: Record<string, unknown>;
  /** Where the operation or its path item lists it (the list entry, which may be a `$ref`). */
  pointer: string;
}

export type FilterEncoding = "body" | "query" | "query-json";
export type FilterFieldType = "string" | "uuid" | "integer" | "number" | "boolean" | "date-time";

export interface FilterFieldModel {
  name: string;
  type: FilterFieldType;
  enumName?: string;
  nullable: boolean;
  /** A free-text search key (`q`), not a field of the resource. */
  search: boolean;
}

export interface FilterModel {
  encoding: FilterEncoding;
  /** The schema component whose records are filtered. */
  resource: string;
  /**
   * Name of the generated field-spec type, shared by the operations that filter the same fields of the same
   * resource: `ContactFilterFields` (see model/filter-names.ts for the rule).
   */
  fieldsTypeName: string;
  /** In the order x-filter lists them. */
  fields: FilterFieldModel[];
}

/** Where a paged list takes `limit` and `offset`. */
export interface PaginationModel {
  in: "query" | "body";
}

/** A JSON body or answer: its media type object as written (schema, examples), read by mock, contract and record. */
export interface JsonContent {
  schema?: unknown;
  media: Record<string, unknown>;
}

/** The media types the SDK sends a request body as. */
export type RequestMediaType = "application/json" | "multipart/form-data";

/** A `multipart/form-data` body: its media type object as written, and one part per property of its schema. */
export interface MultipartContent extends JsonContent {
  parts: FormPartModel[];
}

/**
 * One part of a multipart form (spec/README.md, "Files"). `file`: binary content (`format: binary`, or a string
 * with a `contentMediaType`), sent with a file name; `json`: an object (or what `encoding` says is JSON) sent as
 * JSON text; `text`: a string, number, boolean or enum value, sent as text.
 */
export interface FormPartModel {
  name: string;
  kind: "file" | "json" | "text";
  required: boolean;
  /** The part's Content-Type from `encoding`, else the schema's `contentMediaType`; absent: its kind's default. */
  contentType?: string;
  description?: string;
}

/** A 2xx answer that is a file (any media type but JSON): its media types and the first one's media object. */
export interface FileContent {
  mediaTypes: string[];
  media: Record<string, unknown>;
}

/** One documented answer: its status as the spec writes it and its JSON body, when it has one. */
export interface ResponseModel {
  status: string;
  json?: JsonContent;
}

export interface OperationModel {
  operationId: string;
  methodName: string;
  httpMethod: "get" | "post" | "put" | "delete" | "patch";
  path: string;
  /** Where the operation is in the bundle: `/paths/~1leads~1api~1leads/get`. */
  pointer: string;
  /** The resource it belongs to. */
  tag: string;
  summary: string;
  description: string;
  deprecated: boolean;
  /** Every parameter: the operation's own replace its path item's of the same name and location (OpenAPI's rule). */
  parameters: ParameterModel[];
  pathParams: ParameterModel[];
  queryParams: ParameterModel[];
  /**
   * `requiredFields`: the body schema requires at least one field (so the caller must pass params).
   * `mediaType`: how the SDK sends it, with `json` or `multipart` holding that media type object.
   * `component`: the schema component the body is, when it is a `$ref` to one.
   */
  body?: {
    required: boolean;
    requiredFields: boolean;
    properties: string[];
    isUnion: boolean;
    mediaType: RequestMediaType;
    json?: JsonContent;
    multipart?: MultipartContent;
    component?: string;
  };
  /**
   * The documented 2xx status (the lowest) and what it answers: JSON (`json`, with its component when a `$ref`), a
   * file (`file`: any other media type, returned unread as a FileDownload), or no body (`none`).
   */
  success: {
    status: number;
    kind: "json" | "file" | "none";
    hasBody: boolean;
    json?: JsonContent;
    file?: FileContent;
    component?: string;
  };
  /** A check the SDK method runs on its params before sending (`x-preflight`); the caller can skip it. */
  preflight?: Preflight;
  /**
   * Every documented answer, by status as the spec writes it (`200`, `4XX`, `default`), with its JSON body when it
   * has one: what the SDK's response validators check answers against.
   */
  responses: ResponseModel[];
  pagination?: PaginationModel;
  filter?: FilterModel;
  /** Safe to send again after a failure that may have reached the server. */
  idempotent: boolean;
  /** What the call does in the world (`x-effects`, required: generate refuses an operation without it). */
  effects: Effect[];
}

export interface EnumModel {
  name: string;
  description: string;
  /** The known values, in the order the spec lists them. */
  values: (string | number)[];
  /**
   * An open set (`anyOf: [{ type, enum }, { type }]`, see DECISIONS D1): the API may send values not listed yet.
   * A closed set (plain `enum`) lists every value the API accepts or sends.
   */
  open: boolean;
}

export interface WebhookEventModel {
  event: string;
  summary: string;
  description: string;
  /** Top-level fields every delivery of this event has (checked by parseWebhookEvent). */
  requiredFields: string[];
  /** The schema component the delivered body is, when it is a `$ref` to one. */
  component?: string;
}

/** The checks an SDK method can run before sending (`x-preflight`): `validateFlow`, an automation version's rules. */
export type Preflight = "validateFlow";

/** What a call can do in the world (`x-effects`, spec/README.md "Side effects"). */
export type Effect = "read" | "write" | "send" | "spend" | "destroy" | "reveal";

/**
 * The lint rule that reports each kind of model finding: `lint` finds every problem `generate` refuses, under the
 * same rule id (lint/plugin.ts checks that each is registered).
 */
export type ModelRule =
  | "operation-id-camel-case"
  | "operation-single-tag"
  | "operation-x-method"
  | "operation-success-response"
  | "paginated-list-envelope"
  | "x-filter-valid"
  | "sdk-names"
  | "automation-node-union"
  | "operation-x-effects"
  | "operation-media-types"
  | "operation-x-preflight";

/** A problem that keeps the spec from becoming the model, at a JSON pointer of the bundle. */
export interface ModelFinding {
  rule: ModelRule;
  pointer: string;
  message: string;
  /** What to do about it. */
  hint: string;
}
