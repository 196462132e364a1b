import { type ClassDeclarationStructure, type ImportDeclarationStructure, type MethodDeclarationStructure, type OptionalKind, type StatementStructures, StructureKind } from "ts-morph";
import { SpecError, type Finding } from "../errors.ts";
import { effectSentence } from "../model/effects.ts";
import { upperFirst } from "../model/names.ts";
import type { ApiModel, OperationModel, ResourceModel } from "../model/types.ts";
import type { EmittedFile } from "./file.ts";
import { docText, printSourceFile } from "./project.ts";

/** `src/resources/<resource>.ts`: one class per tag, one method per operation (plus `…All` for paged lists). */
export function emitResources(model: ApiModel): EmittedFile[] {
  const findings: Finding[] = [];
  const files = model.resources.map((resource) => {
    const needs = { filterInput: false, encodeQuery: false, encodeJson: false, toObject: false, paginate: false, omit: false };
    const fieldTypes = new Set<string>();
    const types: string[] = [];
    const methods: OptionalKind<MethodDeclarationStructure>[] = [];
    const filterFactories: string[] = [];

    for (const operation of resource.operations) {
      const clash = flattenClash(operation);
      if (clash) {
        findings.push({ rule: "generate", severity: "error", message: `${operation.operationId}: "${clash}" is both a parameter and a body field`, hint: "rename one of them in the spec; the SDK flattens both into one argument" });
        continue;
      }
      types.push(...operationTypes(resource, operation, needs));
      methods.push(operationMethod(operation, needs));
      if (operation.pagination) {
        needs.paginate = true;
        methods.push(paginatedMethod(resource.className, operation));
      }
      if (operation.filter) {
        fieldTypes.add(operation.filter.fieldsTypeName);
        filterFactories.push(
          `/** A typed filter builder for {@link ${resource.className}.${operation.methodName}}. */\n${operation.methodName}: (): FilterBuilder<${operation.filter.fieldsTypeName}> => new FilterBuilder<${operation.filter.fieldsTypeName}>(),`,
        );
      }
    }

    const imports: ImportDeclarationStructure[] = [];
    const addImport = (moduleSpecifier: string, namedImports: string[], isTypeOnly = false) =>
      imports.push({ kind: StructureKind.ImportDeclaration, moduleSpecifier, namedImports, isTypeOnly });
    addImport("../core/resource.js", ["APIResource", "type CallOptions", ...(needs.omit ? ["type DistributiveOmit"] : [])]);
    const filterImports = [
      ...(filterFactories.length ? ["FilterBuilder"] : []),
      ...(needs.filterInput ? ["type FilterInput"] : []),
      ...(needs.encodeQuery ? ["encodeFilterQuery"] : []),
      ...(needs.encodeJson ? ["encodeFilterJson"] : []),
      ...(needs.toObject ? ["toFilterObject"] : []),
    ];
    if (filterImports.length) addImport("../core/filter.js", filterImports);
    if (needs.paginate) addImport("../core/pagination.js", ["paginate"]);
    if (fieldTypes.size) addImport("../filters.js", [...fieldTypes].sort(), true);
    addImport("../schema.js", ["operations"], true);

    const classStructure: ClassDeclarationStructure = {
      kind: StructureKind.Class,
      name: resource.className,
      isExported: true,
      extends: "APIResource",
      docs: [docText(`${resource.tag}: ${resource.description}`)],
      properties: filterFactories.length
        ? [{ name: "filters", isReadonly: true, initializer: `${resource.propertyName}Filters`, docs: ["Typed filter builders, one per operation that takes a `filter`."] }]
        : [],
      methods,
    };
    const statements: (StatementStructures | string)[] = [
      ...imports,
      "\n" + types.join("\n\n"),
      ...(filterFactories.length ? [`const ${resource.propertyName}Filters = {\n${filterFactories.map((f) => f.replace(/^/gm, "  ")).join("\n")}\n};`] : []),
      classStructure,
    ];
    return { path: `src/resources/${resource.fileName}.ts`, contents: printSourceFile(statements) };
  });
  if (findings.length) throw new SpecError(findings);
  return files;
}

function flattenClash(operation: OperationModel): string | undefined {
  const parameters = new Set([...operation.pathParams, ...operation.queryParams].map((p) => p.name));
  return operation.body?.properties.find((name) => parameters.has(name));
}

type Needs = { filterInput: boolean; encodeQuery: boolean; encodeJson: boolean; toObject: boolean; paginate: boolean; omit: boolean };

/** The exported `…Params`, `…Response` (and `…Item` for pages) types of one operation. */
function operationTypes(resource: ResourceModel, operation: OperationModel, needs: Needs): string[] {
  const base = upperFirst(operation.operationId);
  const method = `${resource.className}.${operation.methodName}`;
  const op = `operations["${operation.operationId}"]`;
  const parts: string[] = [];
  if (operation.pathParams.length) parts.push(`${op}["parameters"]["path"]`);
  const filterIn = operation.filter ? (operation.filter.encoding === "body" ? "body" : "query") : undefined;
  if (operation.queryParams.length) {
    const query = `NonNullable<${op}["parameters"]["query"]>`;
    parts.push(filterIn === "query" ? `Omit<${query}, "filter">` : query);
  }
  if (operation.body) {
    const body = `NonNullable<${op}["requestBody"]>["content"]["application/json"]`;
    if (filterIn === "body") {
      needs.omit ||= operation.body.isUnion;
      parts.push(operation.body.isUnion ? `DistributiveOmit<${body}, "filter">` : `Omit<${body}, "filter">`);
    } else {
      parts.push(body);
    }
  }
  if (operation.filter) {
    needs.filterInput = true;
    const required = filterRequired(operation);
    parts.push(`{ filter${required ? "" : "?"}: FilterInput<${operation.filter.fieldsTypeName}> }`);
  }
  const types = [
    `/** What {@link ${method}} takes: ${describeParts(operation)}. */\nexport type ${base}Params = ${parts.length ? parts.join(" & ") : "Record<string, never>"};`,
    `/** What {@link ${method}} answers. */\nexport type ${base}Response = ${operation.success.hasBody ? `${op}["responses"][${operation.success.status}]["content"]["application/json"]` : "void"};`,
  ];
  if (operation.pagination) types.push(`/** One item of {@link ${base}Response}'s \`data\`. */\nexport type ${base}Item = ${base}Response["data"][number];`);
  return types;
}

function describeParts(operation: OperationModel): string {
  const parts = [];
  if (operation.pathParams.length) parts.push(`path ${operation.pathParams.map((p) => `\`${p.name}\``).join(", ")}`);
  if (operation.queryParams.length) parts.push("query parameters");
  if (operation.body) parts.push("body fields");
  return parts.length ? parts.join(", ") : "nothing";
}

/** Whether the filter is a required parameter or body field of the operation. */
function filterRequired(operation: OperationModel): boolean {
  return operation.filter?.encoding !== "body" && operation.queryParams.some((p) => p.name === "filter" && p.required);
}

/** Whether the caller must pass a params object at all. */
function paramsRequired(operation: OperationModel): boolean {
  return operation.pathParams.length > 0 || operation.queryParams.some((p) => p.required) || (operation.body?.required === true && operation.body.requiredFields);
}

function methodDocs(operation: OperationModel): string {
  const lines = [operation.summary, "", operation.description, "", `\`${operation.httpMethod.toUpperCase()} ${operation.path}\``];
  if (operation.effects) lines.push("", effectSentence(operation.effects));
  if (!operation.idempotent) lines.push("", "Not retried after a server error or a lost connection: it may already have taken effect.");
  if (operation.deprecated) lines.push("", "@deprecated");
  return docText(lines.join("\n"));
}

function operationMethod(operation: OperationModel, needs: Needs): OptionalKind<MethodDeclarationStructure> {
  const base = upperFirst(operation.operationId);
  const pathNames = operation.pathParams.map((p) => p.name);
  const queryNames = operation.queryParams.map((p) => p.name).filter((n) => !(operation.filter && n === "filter"));
  const picked = [...pathNames, ...(operation.body ? queryNames : []), ...(operation.filter ? ["filter"] : [])];
  const restName = operation.body ? "body" : "query";
  const hasRest = operation.body !== undefined || queryNames.length > 0;
  const statements: string[] = [];
  if (picked.length) statements.push(`const { ${[...picked, ...(hasRest ? [`...${restName}`] : [])].join(", ")} } = params;`);
  else if (hasRest) statements.push(`const ${restName} = params;`);

  const query = operation.body ? queryNames : hasRest ? ["...query"] : [];
  const queryEntries = [...query];
  const init: string[] = [];
  if (operation.filter?.encoding === "query-json") {
    needs.encodeJson = true;
    queryEntries.push(`filter: ${filterRequired(operation) ? "encodeFilterJson(filter)" : "filter && encodeFilterJson(filter)"}`);
  }
  const paramsParts: string[] = [];
  if (pathNames.length) paramsParts.push(`path: { ${pathNames.join(", ")} }`);
  if (queryEntries.length) paramsParts.push(queryEntries.length === 1 && queryEntries[0] === "...query" ? "query" : `query: { ${queryEntries.join(", ")} }`);
  if (paramsParts.length) init.push(`params: { ${paramsParts.join(", ")} }`);
  if (operation.filter?.encoding === "query") {
    needs.encodeQuery = true;
    init.push(`filterQuery: ${filterRequired(operation) ? "encodeFilterQuery(filter)" : "filter && encodeFilterQuery(filter)"}`);
  }
  if (operation.body) {
    if (operation.filter?.encoding === "body") {
      needs.toObject = true;
      init.push("body: { ...body, ...(filter && { filter: toFilterObject(filter) }) }");
    } else {
      init.push("body");
    }
  }
  statements.push(`return this.call<${base}Response>("${operation.httpMethod.toUpperCase()}", "${operation.path}", { ${init.join(", ")} }, options);`);
  return {
    name: operation.methodName,
    docs: [methodDocs(operation)],
    parameters: [
      { name: "params", type: `${base}Params`, ...(paramsRequired(operation) ? {} : { initializer: `{} as ${base}Params` }) },
      { name: "options", type: "CallOptions", hasQuestionToken: true },
    ],
    returnType: `Promise<${base}Response>`,
    statements,
  };
}

function paginatedMethod(className: string, operation: OperationModel): OptionalKind<MethodDeclarationStructure> {
  const base = upperFirst(operation.operationId);
  return {
    name: `${operation.methodName}All`,
    docs: [docText(`Every item {@link ${className}.${operation.methodName}} finds, fetched page by page as you iterate; \`limit\` sets the page size.\nBreaking out of the loop, or aborting \`options.signal\`, stops further requests.`)],
    parameters: [
      { name: "params", type: `Omit<${base}Params, "offset">`, ...(paramsRequired(operation) ? {} : { initializer: `{} as Omit<${base}Params, "offset">` }) },
      { name: "options", type: "CallOptions", initializer: "{}" },
    ],
    returnType: `AsyncIterableIterator<${base}Item>`,
    statements: [
      "const { limit, ...rest } = params as Omit<" + base + 'Params, "offset"> & { limit?: number };',
      `return paginate<${base}Item>((page) => this.${operation.methodName}({ ...rest, limit: page.limit, offset: page.offset } as ${base}Params, { ...options, signal: page.signal }), { pageSize: limit, signal: options.signal });`,
    ],
  };
}
