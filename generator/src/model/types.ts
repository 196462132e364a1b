import type { Effect } from "./effects.ts";

/** The intermediate model: everything the emitters need, read once from the bundle. */

export interface ApiModel {
  title: string;
  version: string;
  description: string;
  baseUrl: string;
  categories: { name: string; resources: string[] }[];
  resources: ResourceModel[];
  enums: EnumModel[];
  webhooks: WebhookEventModel[];
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
  /** Name of the generated field-spec type: `SearchContactsFilterFields`. */
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
  /** `requiredFields`: the body schema requires at least one field (so the caller must pass params). */
  body?: { required: boolean; requiredFields: boolean; properties: string[]; isUnion: boolean };
  /** The documented 2xx status and whether it has a JSON body. */
  success: { status: number; hasBody: boolean };
  pagination?: { in: "query" | "body" };
  filter?: FilterModel;
  /** Safe to send again after a failure that may have reached the server. */
  idempotent: boolean;
  /** What the call does in the world (`x-effects`); absent when the spec does not say (lint reports it). */
  effects?: Effect[];
}

export interface EnumModel {
  name: string;
  description: string;
  values: (string | number)[];
}

export interface WebhookEventModel {
  event: string;
  summary: string;
  description: string;
  /** Top-level fields every delivery of this event has (checked by parseWebhookEvent). */
  requiredFields: string[];
}
