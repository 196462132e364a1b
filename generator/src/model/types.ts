/** The intermediate model: everything the emitters need, read once from the bundle. */

export interface ApiModel {
  title: string;
  version: string;
  description: string;
  baseUrl: string;
  categories: { name: string; resources: string[] }[];
  resources: ResourceModel[];
  enums: EnumModel[];
  /**
   * Every schema component a user meets, enums apart: reachable from an operation's parameters, body or answers,
   * or from a webhook's body. Sorted by name.
   */
  schemas: SchemaModel[];
  webhooks: WebhookEventModel[];
}

export interface SchemaModel {
  /** Component name: `Contact`. */
  name: string;
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
  in: "path" | "query" | "header";
  required: boolean;
  description?: string;
}

export type FilterEncoding = "body" | "query" | "query-json";
export type FilterFieldType = "string" | "uuid" | "integer" | "number" | "boolean" | "date-time";

export interface FilterFieldModel {
  name: string;
  type: FilterFieldType;
  enumName?: string;
  nullable: boolean;
}

export interface FilterModel {
  encoding: FilterEncoding;
  resource: string;
  /**
   * Name of the generated field-spec type, shared by the operations that filter the same fields of the same
   * resource: `ContactFilterFields` (see model/filter-names.ts for the rule).
   */
  fieldsTypeName: string;
  fields: FilterFieldModel[];
}

export interface OperationModel {
  operationId: string;
  methodName: string;
  httpMethod: "get" | "post" | "put" | "delete" | "patch";
  path: string;
  summary: string;
  description: string;
  deprecated: boolean;
  pathParams: ParameterModel[];
  queryParams: ParameterModel[];
  /**
   * `requiredFields`: the body schema requires at least one field (so the caller must pass params).
   * `schema`: the component the JSON body is, when it is a `$ref` to one.
   */
  body?: { required: boolean; requiredFields: boolean; properties: string[]; isUnion: boolean; schema?: string };
  /** The documented 2xx status, whether it has a JSON body, and the component that body is (when a `$ref`). */
  success: { status: number; hasBody: boolean; schema?: string };
  pagination?: { in: "query" | "body" };
  filter?: FilterModel;
  /** Safe to send again after a failure that may have reached the server. */
  idempotent: boolean;
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
  /** The component the delivered body is, when it is a `$ref` to one. */
  schema?: string;
}
