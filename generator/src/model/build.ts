import { SpecError } from "../errors.ts";
import type { Bundle, OpenApiDocument } from "../load/bundle.ts";
import { followRefs, getAtPointer, isRecord, joinPointer } from "../load/pointer.ts";
import { operations, walkRefs, type OperationEntry } from "../load/traverse.ts";
import { readEnumSet } from "./enums.ts";
import { nameExports, readCoreExports } from "./exports.ts";
import { nameFilterFields } from "./filter-names.ts";
import { readFlowNodes } from "./flow-nodes.ts";
import { componentName, jsonContent, readBody, readResponses, readSuccess } from "./media.ts";
import { readParameters } from "./parameters.ts";
import { operationLabel, readCategories, readOperationExtensions, type OperationExtensions, type Report } from "./extensions.ts";
import { CAMEL_CASE, IDENTIFIER, camelCase, pascalCase, reservedMemberReason, webhookTypeName } from "./names.ts";
import type { ApiModel, EnumModel, ModelFinding, OperationModel, ParameterModel, ResourceModel, SchemaModel, WebhookEventModel } from "./types.ts";

const IDEMPOTENT = new Set(["get", "put", "delete"]);
/** Members every generated resource class has besides its operations (see emit/resources.ts, runtime/resource.ts). */
const RESOURCE_MEMBERS: ReadonlySet<string> = new Set(["constructor", "call", "transport", "filters"]);
/** Members the generated `Grinfi` client has besides its resources (see emit/client.ts). */
const CLIENT_MEMBERS: ReadonlySet<string> = new Set(["constructor", "transport", "raw"]);
/** Classes the package already has under these names: the client, and the base class of every resource. */
const TAKEN_CLASS_NAMES: ReadonlySet<string> = new Set(["Grinfi", "APIResource"]);

/** The model, and every problem that keeps the spec from being one (the model then leaves those parts out). */
export interface ModelReading {
  model: ApiModel;
  findings: ModelFinding[];
  /** The extensions of each path operation, by its pointer, as far as they could be read. */
  extensions: ReadonlyMap<string, OperationExtensions>;
}

/** The bundle as the model the emitters and commands use; a SpecError lists, located, every problem in the way. */
export function buildModel(bundle: Bundle): ApiModel {
  const { model, findings } = readModel(bundle.document);
  if (findings.length > 0) {
    throw new SpecError(findings.map(({ rule, pointer, message, hint }) => ({ rule, severity: "error", message, hint, location: bundle.locate(pointer) })));
  }
  return model;
}

/**
 * Reads a validated document into the model, with every problem found on the way. `coreExports`: the names the
 * SDK's core exports, which the spec's names must not take.
 */
export function readModel(document: OpenApiDocument, coreExports: readonly string[] = readCoreExports()): ModelReading {
  const findings: ModelFinding[] = [];
  const report: Report = (finding) => findings.push(finding);
  const deref = (value: unknown): unknown => followRefs(document, value).value;
  // Lint reads the model of documents whose structure may still be wrong: nothing here assumes it is right.
  const schemas = isRecord(document.components) && isRecord(document.components.schemas) ? document.components.schemas : {};

  const tagDescriptions = new Map<string, string>();
  for (const tag of Array.isArray(document.tags) ? document.tags.filter(isRecord) : []) tagDescriptions.set(String(tag.name), String(tag.description ?? ""));
  const categories = readCategories(document);
  const { resources, misnamed } = readResources(categories, tagDescriptions, report);

  const extensions = new Map<string, OperationExtensions>();
  const inSpecOrder: OperationModel[] = [];
  /** Where each operation's x-method is written, to point at the second of two equal names. */
  const methodPointers = new Map<OperationModel, string>();
  for (const entry of operations(document)) {
    const before = findings.length;
    const own = readOperationExtensions(entry, schemas, report);
    extensions.set(entry.pointer, own);
    const operation = readOperation(document, entry, own, resources, misnamed, report);
    if (!operation || findings.length > before) continue;
    inSpecOrder.push(operation);
    resources.get(operation.tag)!.operations.push(operation);
    methodPointers.set(operation, joinPointer(entry.pointer, "x-method"));
  }
  for (const resource of resources.values()) {
    checkMemberNames(resource, methodPointers, report);
    resource.operations.sort((a, b) => a.methodName.localeCompare(b.methodName));
  }
  // Operations filtering the same fields share one field type, so the names wait until every filter is read.
  nameFilterFields(inSpecOrder);

  const flowNodes = readFlowNodes(document, report);
  checkPreflights(inSpecOrder, flowNodes.length > 0, report);

  const info = isRecord(document.info) ? document.info : {};
  const model: ApiModel = {
    title: String(info.title),
    version: String(info.version),
    description: String(info.description ?? ""),
    baseUrl: Array.isArray(document.servers) && isRecord(document.servers[0]) ? String(document.servers[0].url ?? "") : "",
    categories,
    resources: [...resources.values()].filter((r) => r.operations.length > 0),
    operations: inSpecOrder,
    enums: readEnums(schemas, report),
    schemas: readSchemas(document, schemas, inSpecOrder, deref),
    webhooks: readWebhooks(isRecord(document.webhooks) ? document.webhooks : {}, deref, report),
    flowNodes,
    exports: new Map(),
  };
  // Naming the package's exports needs every other part of the model.
  model.exports = nameExports(model, coreExports, report);
  return { model, findings, extensions };
}

/** One resource per tag of `x-tagGroups`, named for the SDK: its names must be usable and distinct. */
function readResources(
  categories: ApiModel["categories"],
  descriptions: Map<string, string>,
  report: Report,
): { resources: Map<string, ResourceModel>; misnamed: Set<string> } {
  const resources = new Map<string, ResourceModel>();
  const misnamed = new Set<string>();
  const taken = new Map<string, string>();
  categories.forEach((category, group) => {
    category.resources.forEach((tag, index) => {
      const resource: ResourceModel = {
        tag,
        description: descriptions.get(tag) ?? "",
        propertyName: camelCase(tag),
        className: pascalCase(tag),
        fileName: tag.toLowerCase().replace(/[^a-z0-9]+/g, "-"),
        operations: [],
      };
      const pointer = joinPointer("/x-tagGroups", group, "tags", index);
      const problem = (message: string, hint: string) => {
        misnamed.add(tag);
        report({ rule: "sdk-names", pointer, message, hint });
      };
      if (!IDENTIFIER.test(resource.propertyName) || !IDENTIFIER.test(resource.className)) {
        problem(`tag "${tag}" gives the SDK resource grinfi.${resource.propertyName} (class ${resource.className}), which is not a TypeScript name`, "start the tag with a letter");
        return;
      }
      const reserved = reservedMemberReason(resource.propertyName, CLIENT_MEMBERS);
      if (reserved) {
        problem(`tag "${tag}" gives the SDK resource grinfi.${resource.propertyName}, which ${reserved}`, "name the tag differently");
        return;
      }
      if (TAKEN_CLASS_NAMES.has(resource.className)) {
        problem(`tag "${tag}" gives the resource class ${resource.className}, a name the SDK already uses`, "name the tag differently");
        return;
      }
      for (const [kind, name] of [["property", resource.propertyName], ["class", resource.className], ["file", resource.fileName]] as const) {
        const first = taken.get(`${kind}:${name}`);
        if (first !== undefined && first !== tag) {
          problem(`tags "${first}" and "${tag}" give the same SDK ${kind} name ${name}`, "name the tags so that they differ in letters or digits, not only in case or punctuation");
          return;
        }
        taken.set(`${kind}:${name}`, tag);
      }
      resources.set(tag, resource);
    });
  });
  return { resources, misnamed };
}

/** One path operation, or undefined (with findings) when it cannot become an SDK method. */
function readOperation(
  document: OpenApiDocument,
  entry: OperationEntry,
  extensions: OperationExtensions,
  resources: Map<string, ResourceModel>,
  misnamed: Set<string>,
  report: Report,
): OperationModel | undefined {
  const deref = (value: unknown): unknown => followRefs(document, value).value;
  const { operation, pointer, path, method } = entry;
  const label = operationLabel(entry);
  const operationId = operation.operationId;
  if (typeof operationId !== "string" || !CAMEL_CASE.test(operationId)) {
    report(
      operationId === undefined
        ? { rule: "operation-id-camel-case", pointer, message: `operation ${label} has no operationId`, hint: "add a camelCase one, verb first (e.g. searchContacts)" }
        : { rule: "operation-id-camel-case", pointer: joinPointer(pointer, "operationId"), message: `operationId ${JSON.stringify(operationId)} is not camelCase (${CAMEL_CASE.source})`, hint: "write it like searchContacts" },
    );
  }
  const tag = readTag(entry, label, resources, misnamed, report);

  const parameters = readParameters(document, entry);
  const body = readBody(document, operation.requestBody, joinPointer(pointer, "requestBody"), label, report);
  const success = readSuccess(operation.responses, deref);
  if (!success) {
    report({
      rule: "operation-success-response",
      pointer: isRecord(operation.responses) ? joinPointer(pointer, "responses") : pointer,
      message: `operation ${label} documents no 2xx response`,
      hint: "document the success answer (e.g. '200' with its schema, or '204' with none): it is what the SDK method returns",
    });
  }
  const pathParams = parameters.filter((p) => p.in === "path");
  const queryParams = parameters.filter((p) => p.in === "query");
  const clash = body?.properties.find((name) => pathParams.some((p) => p.name === name) || queryParams.some((p) => p.name === name));
  if (clash !== undefined) {
    report({
      rule: "sdk-names",
      pointer: joinPointer(pointer, "requestBody"),
      message: `${label}: "${clash}" is both a parameter and a body field`,
      hint: "rename one of them in the spec; the SDK method takes parameters and body fields in one object",
    });
  }
  if (extensions.pagination && success) {
    checkPagination(document, entry, extensions.pagination.in, queryParams, body, success.json?.schema, report);
  }
  if (typeof operationId !== "string" || tag === undefined || extensions.methodName === undefined || !success || !extensions.effects) {
    return undefined;
  }
  return {
    operationId,
    methodName: extensions.methodName,
    httpMethod: method as OperationModel["httpMethod"],
    path,
    pointer,
    tag,
    summary: String(operation.summary ?? ""),
    description: String(operation.description ?? ""),
    deprecated: operation.deprecated === true,
    parameters,
    pathParams,
    queryParams,
    ...(body && { body }),
    success,
    responses: readResponses(operation.responses, deref),
    ...(extensions.pagination && { pagination: extensions.pagination }),
    ...(extensions.filter && { filter: extensions.filter }),
    idempotent: IDEMPOTENT.has(method),
    effects: extensions.effects,
    ...(extensions.preflight && { preflight: extensions.preflight }),
  };
}

/**
 * `x-preflight: validateFlow` checks an automation version with the node types of `KnownAutomationNode`: the
 * operation must send one (a JSON body) and the spec must have the node union.
 */
function checkPreflights(operations: OperationModel[], hasFlowNodes: boolean, report: Report): void {
  for (const operation of operations) {
    if (operation.preflight !== "validateFlow") continue;
    const pointer = joinPointer(operation.pointer, "x-preflight");
    const label = `${operation.operationId} (${operation.httpMethod.toUpperCase()} ${operation.path})`;
    if (operation.body?.mediaType !== "application/json") {
      report({ rule: "operation-x-preflight", pointer, message: `${label} has x-preflight: validateFlow but sends no JSON body to check`, hint: "put it on the operation that sends an automation version" });
    } else if (!hasFlowNodes) {
      report({ rule: "operation-x-preflight", pointer, message: `${label} has x-preflight: validateFlow but the spec has no KnownAutomationNode`, hint: "define the node union validateFlow checks versions with (spec/README.md, Automation nodes)" });
    }
  }
}

/** The operation's one tag, which must be an SDK resource (a tag of x-tagGroups; one whose name failed is reported). */
function readTag(entry: OperationEntry, label: string, resources: Map<string, ResourceModel>, misnamed: Set<string>, report: Report): string | undefined {
  const tags = Array.isArray(entry.operation.tags) ? entry.operation.tags : [];
  if (tags.length !== 1) {
    report(
      tags.length === 0
        ? { rule: "operation-single-tag", pointer: entry.pointer, message: `operation ${label} has no tag`, hint: "give it exactly one (its SDK resource)" }
        : { rule: "operation-single-tag", pointer: joinPointer(entry.pointer, "tags"), message: `operation ${label} has ${tags.length} tags (${tags.join(", ")})`, hint: "give it exactly one" },
    );
    return undefined;
  }
  const tag = String(tags[0]);
  if (resources.has(tag)) return tag;
  if (misnamed.has(tag)) return undefined;
  report({
    rule: "operation-single-tag",
    pointer: joinPointer(entry.pointer, "tags", 0),
    message: `tag "${tag}" of ${label} is in no x-tagGroups group, so the operation belongs to no SDK resource`,
    hint: "list the tag in the x-tagGroups group it belongs to, or tag the operation with one that is",
  });
  return undefined;
}

const SCHEMAS = "#/components/schemas/";

/** The schema components reachable from the operations and webhooks, enums apart, with the item type of pages. */
function readSchemas(
  document: OpenApiDocument,
  schemas: Record<string, unknown>,
  operationModels: OperationModel[],
  deref: (value: unknown) => unknown,
): SchemaModel[] {
  const reached = new Set<string>();
  const visit = (node: unknown): void =>
    walkRefs(node, "", (ref) => {
      if (reached.has(ref)) return;
      reached.add(ref);
      visit(getAtPointer(document, ref));
    });
  for (const { pathItem, operation } of operations(document)) {
    visit(pathItem.parameters);
    visit(operation.parameters);
    visit(operation.requestBody);
    visit(operation.responses);
  }
  visit(document.webhooks);

  const pageItems = new Map<string, string>();
  for (const operation of operationModels) {
    const page = operation.pagination && operation.success.component;
    const item = page ? pageItemComponent(schemas[page], deref) : undefined;
    if (page && item) pageItems.set(page, item);
  }
  return [...reached]
    .filter((ref) => ref.startsWith(SCHEMAS))
    .map((ref) => ref.slice(SCHEMAS.length))
    .filter((name) => isRecord(schemas[name]) && !readEnumSet(schemas[name]))
    .sort((a, b) => a.localeCompare(b))
    .map((name): SchemaModel => {
      const description = (schemas[name] as Record<string, unknown>).description;
      const item = pageItems.get(name);
      // typeName is final once nameExports has seen every other export.
      return { name, typeName: name, description: typeof description === "string" ? description : "", ...(item ? { pageItem: item } : {}) };
    });
}

/** The component a page's `data` lists: the last `data: { type: array, items: { $ref } }` among its allOf parts. */
function pageItemComponent(schema: unknown, deref: (value: unknown) => unknown): string | undefined {
  let item: string | undefined;
  const collect = (node: unknown): void => {
    const resolved = deref(node);
    if (!isRecord(resolved)) return;
    if (Array.isArray(resolved.allOf)) resolved.allOf.forEach(collect);
    const data = isRecord(resolved.properties) ? deref(resolved.properties.data) : undefined;
    const named = isRecord(data) ? componentName(data.items) : undefined;
    if (named) item = named;
  };
  collect(schema);
  return item;
}

/**
 * A paged operation's SDK method passes `limit` and `offset` where x-pagination says, and its iterator yields the
 * items of the answer's `data` list: both must be there, and the items typed.
 */
function checkPagination(
  document: OpenApiDocument,
  entry: OperationEntry,
  where: "query" | "body",
  queryParams: ParameterModel[],
  body: OperationModel["body"],
  answer: unknown,
  report: Report,
): void {
  const pointer = joinPointer(entry.pointer, "x-pagination");
  const inQuery = new Set(queryParams.map((p) => p.name));
  const inBody = new Set(body?.properties ?? []);
  const missing = ["limit", "offset"].filter((name) => !(where === "query" ? inQuery : inBody).has(name));
  if (missing.length > 0) {
    const other = where === "query" ? inBody : inQuery;
    const elsewhere = ["limit", "offset"].every((name) => other.has(name));
    report({
      rule: "paginated-list-envelope",
      pointer: joinPointer(pointer, "in"),
      message: `x-pagination says in: ${where} but the operation has no ${missing.map((n) => `\`${n}\``).join(" or ")} ${where === "query" ? "query parameter" : "body property"}`,
      hint: elsewhere ? `they are ${where === "query" ? "body properties" : "query parameters"}, so say in: ${where === "query" ? "body" : "query"}` : "declare limit and offset where the API reads them",
    });
  }
  const label = operationLabel(entry);
  const page = pageItems(answer, (value) => followRefs(document, value).value);
  if (page === "none") {
    report({
      rule: "paginated-list-envelope",
      pointer,
      message: `operation ${label} has x-pagination but its 2xx answer is not a page: it has no \`data\` list`,
      hint: "answer a <Item>Page schema (allOf: [$ref ListEnvelope, { properties: { data: { type: array, items: { $ref: <Item> } } } }]), or remove x-pagination",
    });
  } else if (page === "untyped") {
    // A composed page schema is where the item type is missing; a bare envelope is the operation's mistake.
    const written = followRefs(document, answer);
    const composed = isRecord(written.value) && Array.isArray(written.value.allOf) && written.pointer !== "";
    report({
      rule: "paginated-list-envelope",
      pointer: composed ? written.pointer : pointer,
      message: composed
        ? `the page answered by ${label} does not say what its \`data\` items are`
        : `operation ${label} answers a page whose \`data\` items are untyped (the bare ListEnvelope)`,
      hint: composed
        ? "add an allOf member with properties: { data: { type: array, items: { $ref: ... } } }"
        : "answer a <Item>Page schema (allOf: [$ref ListEnvelope, { properties: { data: { type: array, items: { $ref: <Item> } } } }])",
    });
  }
}

/**
 * Whether an answer schema has a `data` list saying what its items are (through `$ref` and `allOf`): `typed`;
 * a `data` list of anything (`items: {}`, ListEnvelope's own): `untyped`, the SDK would type the items `unknown`.
 */
function pageItems(schema: unknown, deref: (value: unknown) => unknown, seen = new Set<unknown>()): "typed" | "untyped" | "none" {
  const resolved = deref(schema);
  if (!isRecord(resolved) || seen.has(resolved)) return "none";
  seen.add(resolved);
  const data = isRecord(resolved.properties) ? deref(resolved.properties.data) : undefined;
  let found: "typed" | "untyped" | "none" = "none";
  if (isRecord(data)) found = isRecord(data.items) && Object.keys(data.items).length > 0 ? "typed" : "untyped";
  for (const member of Array.isArray(resolved.allOf) ? resolved.allOf : []) {
    if (found === "typed") break;
    const inMember = pageItems(member, deref, seen);
    if (inMember !== "none") found = inMember;
  }
  return found;
}

/** Each operation is a method of its resource class, a paged one also `<method>All`: the names must be free. */
function checkMemberNames(resource: ResourceModel, methodPointers: Map<OperationModel, string>, report: Report): void {
  const taken = new Map<string, string>();
  for (const operation of resource.operations) {
    const pointer = methodPointers.get(operation) ?? operation.pointer;
    const label = `${operation.operationId} (${operation.httpMethod.toUpperCase()} ${operation.path})`;
    const reserved = reservedMemberReason(operation.methodName, RESOURCE_MEMBERS);
    if (reserved) {
      report({ rule: "operation-x-method", pointer, message: `x-method "${operation.methodName}" ${reserved}`, hint: "give the operation another x-method" });
      continue;
    }
    const names: [string, string][] = [[operation.methodName, label]];
    if (operation.pagination) names.push([`${operation.methodName}All`, `the ${operation.methodName}All iterator of ${label}`]);
    for (const [name, owner] of names) {
      const first = taken.get(name);
      if (first === undefined) {
        taken.set(name, owner);
        continue;
      }
      report({
        rule: "operation-x-method",
        pointer,
        message: `x-method "${operation.methodName}" ${name === operation.methodName ? "is" : `makes ${name}, which is`} already used by ${first} in tag "${resource.tag}"`,
        hint: "each method of an SDK resource needs its own name",
      });
    }
  }
}

function readEnums(schemas: Record<string, unknown>, report: Report): EnumModel[] {
  const enums: EnumModel[] = [];
  for (const [name, schema] of Object.entries(schemas)) {
    const set = readEnumSet(schema);
    if (!set) continue;
    if (!IDENTIFIER.test(name)) {
      report({ rule: "sdk-names", pointer: joinPointer("/components/schemas", name), message: `enum component "${name}" cannot name a TypeScript type`, hint: "name it in PascalCase, letters and digits only (e.g. TaskStatus)" });
      continue;
    }
    const values = set.values.filter((v): v is string | number => typeof v === "string" || typeof v === "number");
    enums.push({ name, description: String((schema as Record<string, unknown>).description ?? ""), values, open: set.open });
  }
  return enums.sort((a, b) => a.name.localeCompare(b.name));
}

function readWebhooks(webhooks: Record<string, unknown>, deref: (value: unknown) => unknown, report: Report): WebhookEventModel[] {
  const events: WebhookEventModel[] = [];
  const typeNames = new Map<string, string>();
  for (const [event, item] of Object.entries(webhooks)) {
    const post = isRecord(item) ? item.post : undefined;
    if (!isRecord(post)) continue;
    const typeName = webhookTypeName(event);
    const first = typeNames.get(typeName);
    if (!IDENTIFIER.test(typeName) || first !== undefined) {
      report({
        rule: "sdk-names",
        pointer: joinPointer("/webhooks", event),
        message: first === undefined ? `webhook "${event}" gives the type ${typeName}, which is not a TypeScript name` : `webhooks "${first}" and "${event}" give the same type name ${typeName}`,
        hint: "name webhook events with letters first, words apart by dots or underscores (e.g. contact.created)",
      });
      continue;
    }
    typeNames.set(typeName, event);
    const body = deref(post.requestBody);
    const schema = jsonContent(body)?.schema;
    const required = new Set<string>();
    const collect = (node: unknown): void => {
      const resolved = deref(node);
      if (!isRecord(resolved)) return;
      if (Array.isArray(resolved.required)) resolved.required.forEach((name) => required.add(String(name)));
      if (Array.isArray(resolved.allOf)) resolved.allOf.forEach(collect);
    };
    collect(schema);
    const component = componentName(schema);
    events.push({
      event,
      summary: String(post.summary ?? ""),
      description: String(post.description ?? ""),
      requiredFields: [...required].sort(),
      ...(component && { component }),
    });
  }
  return events.sort((a, b) => a.event.localeCompare(b.event));
}
