import type { ApiModel, SchemaModel } from "../model/types.ts";
import type { Declared } from "./imports.ts";

/**
 * What the TypeScript emitters need to know about the package's exports, as the model named them (see
 * model/exports.ts, which also refuses a name taken twice): where each generated name is declared, and the model
 * type of each schema a user meets.
 */
export class PackageExports {
  /** Every schema in `model.schemas` with the name of its model type. */
  readonly models: readonly { schema: SchemaModel; typeName: string }[];
  /** Every generated (non-core) export, with where it is declared: what a generated file can import. */
  readonly declared: ReadonlyMap<string, Declared>;
  readonly #schemas: ReadonlyMap<string, SchemaModel>;

  constructor(model: ApiModel) {
    this.#schemas = new Map(model.schemas.map((schema) => [schema.name, schema]));
    this.models = model.schemas.map((schema) => ({ schema, typeName: schema.typeName }));
    this.declared = model.exports;
  }

  /** The model type of a schema component, when the schema is one (enums and unreached schemas are not). */
  modelType(schema: string | undefined): string | undefined {
    return schema === undefined ? undefined : this.#schemas.get(schema)?.typeName;
  }

  /** For a list page's schema, the model type of the items its `data` holds. */
  pageItemType(schema: string | undefined): string | undefined {
    return this.modelType(this.#schemas.get(schema ?? "")?.pageItem);
  }
}
