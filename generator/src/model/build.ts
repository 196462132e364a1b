import { SpecError, type Finding } from "../errors.ts";
import type { Bundle } from "../load/bundle.ts";
import { followRefs, isRecord, joinPointer } from "../load/pointer.ts";
import { operations } from "../validate/structure.ts";
import { readEffects } from "./effects.ts";
import { camelCase, pascalCase, upperFirst } from "./names.ts";
import type {
  ApiModel, EnumModel, FilterFieldModel, FilterFieldType, FilterModel, OperationModel, ParameterModel, ResourceModel, WebhookEventModel,
} from "./types.ts";

const FIELD_TYPES: FilterFieldType[] = ["string", "uuid", "integer", "number", "boolean", "date-time"];
const IDEMPOTENT = new Set(["get", "put", "delete"]);
/** Members the generated resource classes have besides the operations (see emit/resources.ts, runtime/resource.ts). */
export const RESERVED_METHODS: ReadonlySet<string> = new Set(["constructor", "call", "transport", "filters"]);

/** Reads the bundle into the model the emitters use; a SpecError lists every extension that cannot be read. */
export function buildModel(bundle: Bundle): ApiModel {
  const document = bundle.document;
  const findings: Finding[] = [];
  const fail = (pointer: string, message: string, hint?: string) =>
    findings.push({ rule: "model", severity: "error", message, hint, location: bundle.locate(pointer) });
  const deref = (value: unknown): unknown => followRefs(document, value).value;

  const info = document.info as Record<string, unknown>;
  const tagDescriptions = new Map<string, string>();
  for (const tag of (document.tags as Record<string, unknown>[] | undefined) ?? []) tagDescriptions.set(String(tag.name), String(tag.description ?? ""));
  const categories = ((document["x-tagGroups"] as Record<string, unknown>[] | undefined) ?? []).map((group) => ({
    name: String(group.name),
    resources: (group.tags as string[]).map(String),
  }));

  const resources = new Map<string, ResourceModel>();
  /** Where each operation's x-method is written, to point at the second of two equal names. */
  const methodPointers = new Map<OperationModel, string>();
  for (const category of categories) {
    for (const tag of category.resources) {
      resources.set(tag, {
        tag,
        description: tagDescriptions.get(tag) ?? "",
        propertyName: camelCase(tag),
        className: pascalCase(tag),
        fileName: tag.toLowerCase().replace(/[^a-z0-9]+/g, "-"),
        operations: [],
      });
    }
  }

  for (const { pointer, path, method, pathItem, operation } of operations(document)) {
    const tag = (operation.tags as string[] | undefined)?.[0];
    const resource = tag ? resources.get(tag) : undefined;
    if (!resource) {
      fail(operation.tags === undefined ? pointer : joinPointer(pointer, "tags"), `operation has no tag listed in x-tagGroups`, "tag it with one of the resources");
      continue;
    }
    const methodName = operation["x-method"];
    if (typeof methodName !== "string") {
      fail(pointer, "operation has no x-method", "name the SDK method, e.g. x-method: search");
      continue;
    }
    const parameters = [...((pathItem.parameters as unknown[]) ?? []), ...((operation.parameters as unknown[]) ?? [])]
      .map(deref)
      .filter(isRecord)
      .map((p): ParameterModel => ({ name: String(p.name), in: p.in as ParameterModel["in"], required: p.required === true, description: p.description as string | undefined }));

    const body = readBody(operation.requestBody, deref);
    const success = readSuccess(operation.responses, deref);
    if (!success) {
      fail(joinPointer(pointer, "responses"), "operation documents no 2xx response", "document the success answer (e.g. '200' with its schema, or '204' with none)");
      continue;
    }
    const model: OperationModel = {
      operationId: String(operation.operationId),
      methodName,
      httpMethod: method as OperationModel["httpMethod"],
      path,
      summary: String(operation.summary ?? ""),
      description: String(operation.description ?? ""),
      deprecated: operation.deprecated === true,
      pathParams: parameters.filter((p) => p.in === "path"),
      queryParams: parameters.filter((p) => p.in === "query"),
      body,
      success,
      idempotent: IDEMPOTENT.has(method),
    };
    const pagination = operation["x-pagination"];
    if (pagination !== undefined) {
      if (!isRecord(pagination) || (pagination.in !== "query" && pagination.in !== "body")) {
        fail(joinPointer(pointer, "x-pagination"), "x-pagination must be { in: query } or { in: body }", "say where limit and offset go: x-pagination: { in: query } or { in: body }");
      } else {
        model.pagination = { in: pagination.in };
      }
    }
    const effects = readEffects(operation["x-effects"], joinPointer(pointer, "x-effects"));
    effects.findings.forEach((finding) => fail(finding.pointer, finding.message, finding.hint));
    if (effects.effects) model.effects = effects.effects;
    const filter = operation["x-filter"];
    if (filter !== undefined) {
      const parsed = readFilter(filter, model.operationId, joinPointer(pointer, "x-filter"), fail);
      if (parsed) model.filter = parsed;
    }
    resource.operations.push(model);
    methodPointers.set(model, joinPointer(pointer, "x-method"));
  }

  for (const resource of resources.values()) {
    // Each operation is a method of the resource class, a paged one also `<method>All`; names must not collide.
    const taken = new Map<string, string>();
    for (const operation of resource.operations) {
      const pointer = methodPointers.get(operation) ?? "";
      if (RESERVED_METHODS.has(operation.methodName)) {
        fail(pointer, `x-method "${operation.methodName}" is already a member of every SDK resource class`, "give the operation another x-method");
      }
      for (const name of operation.pagination ? [operation.methodName, `${operation.methodName}All`] : [operation.methodName]) {
        const member = name === operation.methodName ? operation.operationId : `the ${name} iterator of ${operation.operationId}`;
        const first = taken.get(name);
        if (first) fail(pointer, `two members of ${resource.tag} are both called "${name}": ${first} and ${member}`, "give one of them another x-method");
        else taken.set(name, member);
      }
    }
    resource.operations.sort((a, b) => a.methodName.localeCompare(b.methodName));
  }
  if (findings.length > 0) throw new SpecError(findings);

  return {
    title: String(info.title),
    version: String(info.version),
    description: String(info.description ?? ""),
    baseUrl: String((document.servers as { url: string }[] | undefined)?.[0]?.url ?? ""),
    categories,
    resources: [...resources.values()].filter((r) => r.operations.length > 0),
    enums: readEnums(document.components.schemas ?? {}),
    webhooks: readWebhooks(document.webhooks ?? {}, deref),
  };
}

function readBody(requestBody: unknown, deref: (v: unknown) => unknown): OperationModel["body"] {
  const body = deref(requestBody);
  if (!isRecord(body)) return undefined;
  const schema = deref((body.content as Record<string, Record<string, unknown>> | undefined)?.["application/json"]?.schema);
  const properties = new Set<string>();
  let requiredFields = false;
  const collect = (node: unknown): void => {
    const resolved = deref(node);
    if (!isRecord(resolved)) return;
    if (isRecord(resolved.properties)) Object.keys(resolved.properties).forEach((k) => properties.add(k));
    if (Array.isArray(resolved.required) && resolved.required.length > 0) requiredFields = true;
    for (const key of ["allOf", "oneOf", "anyOf"]) if (Array.isArray(resolved[key])) (resolved[key] as unknown[]).forEach(collect);
  };
  collect(schema);
  const isUnion = isRecord(schema) && (Array.isArray(schema.oneOf) || Array.isArray(schema.anyOf));
  return { required: body.required === true, requiredFields: requiredFields || isUnion, properties: [...properties].sort(), isUnion };
}

function readSuccess(responses: unknown, deref: (v: unknown) => unknown): OperationModel["success"] | undefined {
  if (!isRecord(responses)) return undefined;
  const status = Object.keys(responses).filter((code) => /^2\d\d$/.test(code)).sort()[0];
  if (!status) return undefined;
  const response = deref(responses[status]);
  const hasBody = isRecord(response) && isRecord(response.content) && "application/json" in response.content;
  return { status: Number(status), hasBody };
}

function readFilter(
  filter: unknown,
  operationId: string,
  pointer: string,
  fail: (pointer: string, message: string, hint?: string) => void,
): FilterModel | undefined {
  if (!isRecord(filter) || !isRecord(filter.fields)) {
    fail(pointer, "x-filter needs encoding, resource and fields", "write x-filter: { encoding: query | body | query-json, resource: <Schema>, fields: { <name>: { type: ... } } }");
    return undefined;
  }
  const encoding = filter.encoding;
  if (encoding !== "body" && encoding !== "query" && encoding !== "query-json") {
    fail(joinPointer(pointer, "encoding"), `x-filter encoding "${String(encoding)}" is not body, query or query-json`, "say how the filter is sent: body, query or query-json");
    return undefined;
  }
  const fields: FilterFieldModel[] = [];
  for (const [name, spec] of Object.entries(filter.fields).sort(([a], [b]) => a.localeCompare(b))) {
    if (!isRecord(spec) || !FIELD_TYPES.includes(spec.type as FilterFieldType)) {
      const at = joinPointer(pointer, "fields", name);
      fail(isRecord(spec) && spec.type !== undefined ? joinPointer(at, "type") : at, `filter field "${name}" needs a type among ${FIELD_TYPES.join(", ")}`, "filter fields are string, uuid, integer, number, boolean or date-time");
      continue;
    }
    fields.push({
      name,
      type: spec.type as FilterFieldType,
      enumName: typeof spec.enum === "string" ? spec.enum : undefined,
      nullable: spec.nullable === true,
    });
  }
  return { encoding, resource: String(filter.resource ?? ""), fieldsTypeName: `${upperFirst(operationId)}FilterFields`, fields };
}

function readEnums(schemas: Record<string, unknown>): EnumModel[] {
  const enums: EnumModel[] = [];
  for (const [name, schema] of Object.entries(schemas)) {
    if (!isRecord(schema) || !Array.isArray(schema.enum)) continue;
    const values = schema.enum.filter((v): v is string | number => typeof v === "string" || typeof v === "number");
    enums.push({ name, description: String(schema.description ?? ""), values });
  }
  return enums.sort((a, b) => a.name.localeCompare(b.name));
}

function readWebhooks(webhooks: Record<string, unknown>, deref: (v: unknown) => unknown): WebhookEventModel[] {
  const events: WebhookEventModel[] = [];
  for (const [event, item] of Object.entries(webhooks)) {
    const post = isRecord(item) ? item.post : undefined;
    if (!isRecord(post)) continue;
    const body = deref(post.requestBody);
    const schema = isRecord(body) ? (body.content as Record<string, Record<string, unknown>> | undefined)?.["application/json"]?.schema : undefined;
    const required = new Set<string>();
    const collect = (node: unknown): void => {
      const resolved = deref(node);
      if (!isRecord(resolved)) return;
      if (Array.isArray(resolved.required)) resolved.required.forEach((name) => required.add(String(name)));
      if (Array.isArray(resolved.allOf)) resolved.allOf.forEach(collect);
    };
    collect(schema);
    events.push({ event, summary: String(post.summary ?? ""), description: String(post.description ?? ""), requiredFields: [...required].sort() });
  }
  return events.sort((a, b) => a.event.localeCompare(b.event));
}
