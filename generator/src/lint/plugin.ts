import type { Oas3Rule, Plugin } from "@redocly/openapi-core";
import { ArrayItems } from "./rules/array-items.ts";
import { AutomationNodeUnion } from "./rules/automation-node-union.ts";
import { DescriptionNotSummary } from "./rules/description-not-summary.ts";
import { EnumNamedAndUnique } from "./rules/enum-named-and-unique.ts";
import { EnumValueCase } from "./rules/enum-value-case.ts";
import { ErrorResponseEnvelope } from "./rules/error-response-envelope.ts";
import { EvidencedAnswers } from "./rules/evidenced-answers.ts";
import { ExampleValid } from "./rules/example-valid.ts";
import { NoNullableKeyword } from "./rules/no-nullable-keyword.ts";
import { OperationMediaTypes } from "./rules/operation-media-types.ts";
import { OperationIdCamelCase } from "./rules/operation-id-camel-case.ts";
import { OperationSingleTag } from "./rules/operation-single-tag.ts";
import { OperationSuccessResponse } from "./rules/operation-success-response.ts";
import { OperationXEffects } from "./rules/operation-x-effects.ts";
import { OperationXMethod } from "./rules/operation-x-method.ts";
import { OperationXPreflight } from "./rules/operation-x-preflight.ts";
import { PaginatedListEnvelope } from "./rules/paginated-list-envelope.ts";
import { RequiredErrorResponses } from "./rules/required-error-responses.ts";
import { SdkNames } from "./rules/sdk-names.ts";
import { XFilterValid } from "./rules/x-filter-valid.ts";
import type { ModelRule } from "../model/types.ts";

export const PLUGIN_ID = "grinfi";

/** Our rules by id (without the `grinfi/` prefix Redocly gives plugin rules). */
export const GRINFI_RULES = {
  "operation-id-camel-case": OperationIdCamelCase,
  "operation-x-method": OperationXMethod,
  "operation-x-effects": OperationXEffects,
  "operation-x-preflight": OperationXPreflight,
  "operation-media-types": OperationMediaTypes,
  "operation-single-tag": OperationSingleTag,
  "operation-success-response": OperationSuccessResponse,
  "error-response-envelope": ErrorResponseEnvelope,
  "required-error-responses": RequiredErrorResponses,
  "paginated-list-envelope": PaginatedListEnvelope,
  "x-filter-valid": XFilterValid,
  "enum-named-and-unique": EnumNamedAndUnique,
  "enum-value-case": EnumValueCase,
  "description-not-summary": DescriptionNotSummary,
  "example-valid": ExampleValid,
  "array-items": ArrayItems,
  "no-nullable-keyword": NoNullableKeyword,
  "sdk-names": SdkNames,
  "evidenced-answers": EvidencedAnswers,
  "automation-node-union": AutomationNodeUnion,
  // Every kind of model finding has its rule here: lint reports whatever generate would refuse.
} satisfies Record<string, Oas3Rule> & Record<ModelRule, Oas3Rule>;

/** One line on what each rule wants (shown in SARIF output and the docs). */
export const RULE_DESCRIPTIONS: Record<GrinfiRuleId, string> = {
  "operation-id-camel-case": "Every operation has a camelCase operationId.",
  "operation-x-method": "Every path operation has a camelCase x-method, unique within its tag and not a reserved member name.",
  "operation-x-effects": "Every path operation lists its side effects in x-effects ([read], or among write, send, spend, destroy); a GET only reads, a DELETE destroys.",
  "operation-x-preflight": "x-preflight names a check the SDK runs before sending (validateFlow), on an operation that can run it.",
  "operation-media-types": "Request bodies are JSON or multipart/form-data, each form part a file, an object or a single value.",
  "operation-single-tag": "Every operation has exactly one declared tag; every tag is used and sits in exactly one x-tagGroups group.",
  "operation-success-response": "Every path operation documents a 2xx success answer (what its SDK method returns).",
  "error-response-envelope": "Every 4xx/5xx answer's JSON schema is the ErrorEnvelope.",
  "required-error-responses": "Operations document 401, 403, 429 and 5XX, plus 404 on record paths and 422 when there is input to validate.",
  "paginated-list-envelope": "Paged operations say x-pagination and answer a ListEnvelope page whose data has items.",
  "x-filter-valid": "x-filter matches the resource schema and the operation's filter schema.",
  "enum-named-and-unique": "Enums are named components, and no two have the same values.",
  "enum-value-case": "Enum values are lowercase snake_case unless the enum says x-enum-case: verbatim and why.",
  "description-not-summary": "Every operation has a description that says more than its summary.",
  "example-valid": "Every example validates against its schema.",
  "array-items": "Every array schema has items.",
  "no-nullable-keyword": "No OpenAPI 3.0 nullable keyword; use type: [x, 'null'].",
  "sdk-names": "Names the SDK derives (resources, enum and webhook types, method arguments, every export of the package) are valid, distinct and not reserved.",
  "evidenced-answers": "Answer schemas require only properties an example or recording shows, and close no enum of fewer than two values.",
  "automation-node-union": "KnownAutomationNode, when present, is a oneOf of node schemas discriminated on type, each named by the mapping.",
};

export type GrinfiRuleId = keyof typeof GRINFI_RULES;

export const grinfiPlugin: Plugin = {
  id: PLUGIN_ID,
  rules: { oas3: GRINFI_RULES },
};
