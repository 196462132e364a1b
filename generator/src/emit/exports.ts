import ts from "typescript";
import { SpecError } from "../errors.ts";
import { enumValuesConstant, upperFirst, webhookTypeName } from "../model/names.ts";
import type { ApiModel, EnumModel, OperationModel, SchemaModel } from "../model/types.ts";
import type { Declared } from "./imports.ts";

/** The exported types of one operation: what its method takes, answers and (for pages) iterates over. */
export function operationTypeNames(operation: OperationModel): { params: string; response: string; item?: string } {
  const base = upperFirst(operation.operationId);
  return { params: `${base}Params`, response: `${base}Response`, ...(operation.pagination ? { item: `${base}Item` } : {}) };
}

/** `TaskStatus` → `isTaskStatus`. */
export function enumGuardName(enumModel: EnumModel): string {
  return `is${enumModel.name}`;
}

/**
 * Every name the package exports, and the module (under `src/`, without `.ts`) that declares it. The resource
 * classes, the operations' types, enums, filter field types, webhook types and the core's exports keep their
 * names; a model type (one per schema a user meets) takes its schema's name, or `<Name>Model` when another
 * export already has that name (a schema `User` beside the resource class `User` is `UserModel`).
 */
export class PackageExports {
  /** Every schema in `model.schemas` with the name of its model type. */
  readonly models: readonly { schema: SchemaModel; typeName: string }[];
  /** Every generated (non-core) export, with where it is declared: what a generated file can import. */
  readonly declared: ReadonlyMap<string, Declared>;
  readonly #schemas: ReadonlyMap<string, SchemaModel>;
  readonly #typeNames: ReadonlyMap<string, string>;

  constructor(model: ApiModel, coreExports: readonly string[]) {
    this.#schemas = new Map(model.schemas.map((schema) => [schema.name, schema]));
    const declared = new Map<string, Declared>();
    const owners = new Map<string, string>();
    const findings: string[] = [];
    const claim = (name: string, owner: string, where?: Declared) => {
      const first = owners.get(name);
      if (first) findings.push(`"${name}" would be exported twice: as ${first} and as ${owner}`);
      owners.set(name, owner);
      if (where) declared.set(name, where);
    };

    for (const name of coreExports) claim(name, `the core's ${name}`);
    claim("Grinfi", "the client class", { module: "client", type: false });
    claim("GrinfiOptions", "the client's options", { module: "client", type: true });
    for (const name of ["components", "operations", "paths", "webhooks"]) claim(name, `openapi-typescript's ${name}`);
    for (const enumModel of model.enums) {
      const where = { module: "enums", type: false };
      claim(enumModel.name, `the enum ${enumModel.name}`, { ...where, type: true });
      claim(enumValuesConstant(enumModel.name), `the values of the enum ${enumModel.name}`, where);
      claim(enumGuardName(enumModel), `the type guard of the enum ${enumModel.name}`, where);
    }
    const filterTypes = new Set(model.resources.flatMap((r) => r.operations.flatMap((o) => (o.filter ? [o.filter.fieldsTypeName] : []))));
    for (const name of filterTypes) claim(name, `the filter field type ${name}`, { module: "filters", type: true });
    for (const event of model.webhooks) claim(webhookTypeName(event.event), `the type of the webhook ${event.event}`, { module: "webhooks", type: true });
    claim("WebhookPayload", "the union of webhook types", { module: "webhooks", type: true });
    claim("parseWebhookEvent", "the webhook parser", { module: "webhooks", type: false });
    for (const resource of model.resources) {
      const module = `resources/${resource.fileName}`;
      claim(resource.className, `the resource class of ${resource.tag}`, { module, type: false });
      for (const operation of resource.operations) {
        for (const name of Object.values(operationTypeNames(operation))) {
          claim(name, `a type of the operation ${operation.operationId}`, { module, type: true });
        }
      }
    }

    const models = model.schemas.map((schema) => {
      const typeName = owners.has(schema.name) ? `${schema.name}Model` : schema.name;
      claim(typeName, `the model type of the schema ${schema.name}`, { module: "models", type: true });
      return { schema, typeName };
    });
    if (findings.length) {
      throw new SpecError(findings.map((message) => ({
        rule: "generate",
        severity: "error",
        message,
        hint: "rename the schema, tag, enum or operation so that every exported name is unique",
      })));
    }
    this.models = models;
    this.#typeNames = new Map(models.map(({ schema, typeName }) => [schema.name, typeName]));
    this.declared = declared;
  }

  /** The model type of a schema component, when the schema is one (enums and unreached schemas are not). */
  modelType(schema: string | undefined): string | undefined {
    return schema === undefined ? undefined : this.#typeNames.get(schema);
  }

  /** For a list page's schema, the model type of the items its `data` holds. */
  pageItemType(schema: string | undefined): string | undefined {
    return this.modelType(this.#schemas.get(schema ?? "")?.pageItem);
  }
}

/**
 * The names `src/core/index.ts` exports. It is read with the TypeScript parser; a re-export of a whole module
 * (`export * from`) is refused, since its names could only be known by reading that module too.
 */
export function coreExportNames(indexSource: string): string[] {
  const file = ts.createSourceFile("index.ts", indexSource, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const names: string[] = [];
  for (const statement of file.statements) {
    if (ts.isExportDeclaration(statement)) {
      if (!statement.exportClause || !ts.isNamedExports(statement.exportClause)) {
        throw new Error("generator/runtime/index.ts: list the names it re-exports (export { … } from), not export *");
      }
      names.push(...statement.exportClause.elements.map((element) => element.name.text));
    } else if (isExported(statement)) {
      if (ts.isVariableStatement(statement)) {
        names.push(...statement.declarationList.declarations.map((declaration) => declaration.name.getText(file)));
      } else if (
        (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isInterfaceDeclaration(statement) ||
          ts.isTypeAliasDeclaration(statement) || ts.isEnumDeclaration(statement)) &&
        statement.name
      ) {
        names.push(statement.name.text);
      }
    }
  }
  return names;
}

function isExported(statement: ts.Statement): boolean {
  return ts.canHaveModifiers(statement) && (ts.getModifiers(statement) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
}
