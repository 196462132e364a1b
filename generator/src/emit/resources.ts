import type { ApiModel, Effect, OperationModel, Preflight, ResourceModel } from "../model/types.ts";
import { IDENTIFIER, operationTypeNames } from "../model/names.ts";
import type { PackageExports } from "./exports.ts";
import type { EmittedFile } from "./file.ts";
import { Imports } from "./imports.ts";
import { list, propertyKey } from "./layout.ts";
import { renderCode } from "./templates.ts";

const METHOD = "  ";
const BODY = "    ";

/** `src/resources/<resource>.ts`: one class per tag, one method per operation (plus `…All` for paged lists). */
export function emitResources(model: ApiModel, names: PackageExports): EmittedFile[] {
  // A body field named like a parameter is a model finding (sdk-names): the model refuses it before this runs.
  return model.resources.map((resource) => {
    const imports = new Imports(`resources/${resource.fileName}`, names.declared);
    const operations = resource.operations;
    const members = operations.flatMap((operation) => [
      operationMethod(operation, imports),
      ...(operation.pagination ? [paginatedMethod(resource, operation, imports)] : []),
    ]);
    const context = {
      className: resource.className,
      description: `${resource.tag}: ${resource.description}`,
      operations: operations.map((operation) => operationTypes(resource, operation, names, imports)),
      filtersConstant: `${resource.propertyName}Filters`,
      filterBuilders: operations.flatMap((operation) =>
        operation.filter ? [{ methodName: operation.methodName, fieldsType: imports.use(operation.filter.fieldsTypeName) }] : [],
      ),
      members,
    };
    return renderCode(`src/resources/${resource.fileName}.ts`, "resource.ts", context, imports);
  });
}

/** The exported `…Params`, `…Response` (and `…Item` for pages) types of one operation. */
function operationTypes(resource: ResourceModel, operation: OperationModel, names: PackageExports, imports: Imports) {
  const typeNames = operationTypeNames(operation);
  const op = () => `${imports.use("operations")}["${operation.operationId}"]`;
  const filterIn = operation.filter ? (operation.filter.encoding === "body" ? "body" : "query") : undefined;
  const parts: string[] = [];
  if (operation.pathParams.length) parts.push(`${op()}["parameters"]["path"]`);
  if (operation.queryParams.length) {
    const query = `NonNullable<${op()}["parameters"]["query"]>`;
    parts.push(filterIn === "query" ? `Omit<${query}, "filter">` : query);
  }
  if (operation.body) {
    const named = names.modelType(operation.body.component);
    const body = named ? imports.use(named) : `NonNullable<${op()}["requestBody"]>["content"]["${operation.body.mediaType}"]`;
    const files = operation.body.multipart?.parts.filter((part) => part.kind === "file") ?? [];
    if (files.length) {
      // The form's files: whatever FileInput takes, in place of the spec's `string` (format: binary).
      const fileInput = imports.use("FileInput");
      parts.push(`Omit<${body}, ${files.map((part) => JSON.stringify(part.name)).join(" | ")}>`);
      parts.push(list("", files.map((part) => `${propertyKey(part.name)}${part.required ? "" : "?"}: ${fileInput}`), "", "", "{}"));
    } else if (filterIn !== "body") parts.push(body);
    else if (operation.body.isUnion) parts.push(`${imports.use("DistributiveOmit")}<${body}, "filter">`);
    else parts.push(`Omit<${body}, "filter">`);
  }
  if (operation.filter) {
    const optional = filterRequired(operation) ? "" : "?";
    parts.push(`{ filter${optional}: ${imports.use("FilterInput")}<${imports.use(operation.filter.fieldsTypeName)}> }`);
  }

  const answer = names.modelType(operation.success.component);
  const response =
    operation.success.kind === "none"
      ? "void"
      : operation.success.kind === "file"
        ? imports.use("FileDownload")
        : answer
          ? imports.use(answer)
          : `${op()}["responses"][${operation.success.status}]["content"]["application/json"]`;
  const pageItem = names.pageItemType(operation.success.component);
  const method = `${resource.className}.${operation.methodName}`;
  return {
    paramsName: typeNames.params,
    paramsDoc: `What {@link ${method}} takes: ${describeParts(operation)}.`,
    paramsType: parts.length ? parts.join(" & ") : "Record<string, never>",
    responseName: typeNames.response,
    responseDoc: `What {@link ${method}} answers.`,
    responseType: response,
    itemName: typeNames.item,
    itemDoc: `One item of {@link ${typeNames.response}}'s \`data\`.`,
    itemType: pageItem ? imports.use(pageItem) : `${typeNames.response}["data"][number]`,
  };
}

function describeParts(operation: OperationModel): string {
  const parts = [];
  if (operation.pathParams.length) parts.push(`path ${operation.pathParams.map((p) => `\`${p.name}\``).join(", ")}`);
  if (operation.queryParams.length) parts.push("query parameters");
  const form = operation.body?.multipart;
  if (form) {
    const files = form.parts.filter((part) => part.kind === "file").map((part) => `\`${part.name}\``);
    parts.push(`the parts of a multipart form (${files.length ? `files: ${files.join(", ")}` : "no files"})`);
  } else if (operation.body) parts.push("body fields");
  return parts.length ? parts.join(", ") : "nothing";
}

function propertyAccess(object: string, name: string): string {
  return IDENTIFIER.test(name) ? `${object}.${name}` : `${object}[${JSON.stringify(name)}]`;
}

/** Whether the filter is a required parameter or body field of the operation. */
function filterRequired(operation: OperationModel): boolean {
  return operation.filter?.encoding !== "body" && operation.queryParams.some((p) => p.name === "filter" && p.required);
}

/** Whether the caller must pass a params object at all. */
function paramsRequired(operation: OperationModel): boolean {
  return (
    operation.pathParams.length > 0 ||
    operation.queryParams.some((p) => p.required) ||
    (operation.body?.required === true && operation.body.requiredFields)
  );
}

const EFFECT_PHRASES: Record<Exclude<Effect, "read">, string> = {
  write: "changes data in the Grinfi workspace",
  send:
    "reaches real people or outside systems (messages, emails, connection requests, HTTP deliveries, directly or " +
    "through automation steps), which cannot be taken back",
  spend: "may spend the team's credits",
  destroy: "deletes or archives data",
  reveal: "answers a secret that grants access (an API key, a sign-in link, a password): keep it out of logs",
};

/** One sentence for a method's JSDoc: "Side effects: changes data in the Grinfi workspace; may spend the team's credits." */
export function effectSentence(effects: readonly Effect[]): string {
  if (effects.length === 1 && effects[0] === "read") return "Side effects: none, it only reads.";
  const phrases = effects.flatMap((effect) => (effect === "read" ? [] : [EFFECT_PHRASES[effect]]));
  return `Side effects: ${phrases.join("; ")}.`;
}

/** What a method with `x-preflight` runs before sending, and how its JSDoc says so. */
const PREFLIGHTS: Record<Preflight, { optionsType: string; docs: string; statements(imports: Imports, params: string): string[] }> = {
  validateFlow: {
    optionsType: "SaveVersionOptions",
    docs:
      "Checked before it is sent: a version {@link validateFlow} finds errors in is not sent, and a FlowValidationError " +
      "lists them (node ids and what to do); `{ skipValidation: true }` sends it as it is.",
    statements: (imports, params) => [
      "if (!options?.skipValidation) {",
      `  const check = ${imports.use("validateFlow")}(${params});`,
      `  if (!check.valid) throw new ${imports.use("FlowValidationError")}(check.problems);`,
      "}",
    ],
  },
};

function methodDocs(operation: OperationModel): string {
  const lines = [operation.summary, "", operation.description, "", `\`${operation.httpMethod.toUpperCase()} ${operation.path}\``];
  if (operation.preflight) lines.push("", PREFLIGHTS[operation.preflight].docs);
  if (operation.body?.multipart?.parts.some((part) => part.kind === "file")) {
    lines.push("", "Sent as multipart/form-data. A file given as a stream is read once, so the call is not retried.");
  }
  if (operation.success.kind === "file") {
    lines.push("", "Answers a FileDownload: the file is not parsed, and its body is read with `.stream()`, `.text()`, `.blob()`, ….");
  }
  lines.push("", effectSentence(operation.effects));
  if (!operation.idempotent) lines.push("", "Not retried after a server error or a lost connection: it may already have taken effect.");
  if (operation.deprecated) lines.push("", "@deprecated");
  return lines.join("\n");
}

/** A method: its JSDoc text, signature (up to the opening brace) and body statements. */
interface Member {
  docs: string;
  signature: string;
  statements: string[];
}

function operationMethod(operation: OperationModel, imports: Imports): Member {
  const { params, response } = operationTypeNames(operation);
  const pathNames = operation.pathParams.map((p) => p.name);
  const queryNames = operation.queryParams.map((p) => p.name).filter((name) => !(operation.filter && name === "filter"));
  // The names taken out of `params`; what is left is the body (or, without one, the query).
  const picked = [...pathNames, ...(operation.body ? queryNames : []), ...(operation.filter ? ["filter"] : [])];
  const restName = operation.body ? "body" : "query";
  const hasRest = operation.body !== undefined || queryNames.length > 0;
  const statements: string[] = [];
  if (picked.length) statements.push(list("const ", [...picked, ...(hasRest ? [`...${restName}`] : [])], " = params;", BODY, "{}"));
  if (operation.preflight) statements.push(...PREFLIGHTS[operation.preflight].statements(imports, "params"));

  const rest = picked.length ? restName : "params";
  const form = operation.body?.multipart;
  if (form) {
    // One call per part, in the spec's order: the file's media type from the spec, for a file that has none.
    const calls = form.parts.map((part) => {
      const value = propertyAccess(rest, part.name);
      const type = part.kind === "file" && part.contentType ? `, ${JSON.stringify(part.contentType)}` : "";
      return `${BODY}  .${part.kind}(${JSON.stringify(part.name)}, ${value}${type})`;
    });
    statements.push([`const form = new ${imports.use("MultipartForm")}()`, ...calls].join("\n") + ";");
  }
  const initIndent = BODY + "  ";
  const query: string[] = operation.body ? queryNames : hasRest ? [`...${rest}`] : [];
  if (operation.filter?.encoding === "query-json") {
    const encoded = `${imports.use("encodeFilterJson")}(filter)`;
    query.push(`filter: ${filterRequired(operation) ? encoded : `filter && ${encoded}`}`);
  }
  const paramsParts: string[] = [];
  if (pathNames.length) paramsParts.push(list("path: ", pathNames, "", initIndent + "    ", "{}"));
  if (query.length === 1 && query[0] === `...${rest}`) paramsParts.push(rest === "query" ? "query" : `query: ${rest}`);
  else if (query.length) paramsParts.push(list("query: ", query, "", initIndent + "    ", "{}"));
  const init: string[] = [];
  if (paramsParts.length) init.push(list("params: ", paramsParts, "", initIndent + "  ", "{}"));
  if (operation.filter?.encoding === "query") {
    const encoded = `${imports.use("encodeFilterQuery")}(filter)`;
    init.push(`filterQuery: ${filterRequired(operation) ? encoded : `filter && ${encoded}`}`);
  }
  if (form) {
    init.push("body: form");
  } else if (operation.body) {
    if (operation.filter?.encoding === "body") {
      const body = ["...body", `...(filter && { filter: ${imports.use("toFilterObject")}(filter) })`];
      init.push(list("body: ", body, "", initIndent + "  ", "{}"));
    } else {
      init.push(rest === "body" ? "body" : `body: ${rest}`);
    }
  }
  if (operation.success.kind === "file") init.push('answer: "file"');
  const args = [`"${operation.httpMethod.toUpperCase()}"`, `"${operation.path}"`, list("", init, "", initIndent, "{}"), "options"];
  statements.push(list(`return this.call<${response}>`, args, ";", BODY));
  const optional = paramsRequired(operation) ? "" : " = {}";
  const optionsType = imports.use(operation.preflight ? PREFLIGHTS[operation.preflight].optionsType : "CallOptions");
  return {
    docs: methodDocs(operation),
    signature: list(
      // async: a failed check rejects the returned promise, as a failed call does.
      `${operation.preflight ? "async " : ""}${operation.methodName}`,
      [`params: ${params}${optional}`, `options?: ${optionsType}`],
      `: Promise<${response}> {`,
      METHOD,
    ),
    statements,
  };
}

function paginatedMethod(resource: ResourceModel, operation: OperationModel, imports: Imports): Member {
  const { params, item } = operationTypeNames(operation);
  const optional = paramsRequired(operation) ? "" : " = {}";
  const pageParams = ["...rest", "limit: page.limit", "offset: page.offset"];
  const pageOptions = "{ ...options, signal: page.signal }";
  const fetchPage = list(`(page) => this.${operation.methodName}`, [list("", pageParams, "", BODY + "    ", "{}"), pageOptions], "", BODY + "  ");
  return {
    docs:
      `Every item {@link ${resource.className}.${operation.methodName}} finds, fetched page by page as you iterate; ` +
      "`limit` sets the page size.\nBreaking out of the loop, or aborting `options.signal`, stops further requests.",
    signature: list(
      `${operation.methodName}All`,
      [`params: Omit<${params}, "offset">${optional}`, `options: ${imports.use("CallOptions")} = {}`],
      `: AsyncIterableIterator<${item}> {`,
      METHOD,
    ),
    statements: [
      "const { limit, ...rest } = params;",
      list(`return ${imports.use("paginate")}`, [fetchPage, "{ pageSize: limit, signal: options.signal }"], ";", BODY),
    ],
  };
}
