import { posix } from "node:path";
import { list } from "./layout.ts";

/**
 * Where a name the generated code uses is declared: a module under `src/` (without `.ts`), or an npm package
 * (`package: true`), and whether the name is a type.
 */
export interface Declared {
  module: string;
  type: boolean;
  package?: boolean;
  /** The name the module exports, when the file uses the import under another name (`flow as flowWithRules`). */
  imported?: string;
}

/** What the generated files import from the copied core (`src/core/`, see generator/runtime/), the schema and npm. */
const CORE: Record<string, Declared> = {
  APIResource: { module: "core/resource", type: false },
  CallOptions: { module: "core/resource", type: true },
  DistributiveOmit: { module: "core/resource", type: true },
  FilterBuilder: { module: "core/filter", type: false },
  FilterInput: { module: "core/filter", type: true },
  encodeFilterJson: { module: "core/filter", type: false },
  FileDownload: { module: "core/files", type: true },
  FileInput: { module: "core/files", type: true },
  MultipartForm: { module: "core/files", type: false },
  encodeFilterQuery: { module: "core/filter", type: false },
  toFilterObject: { module: "core/filter", type: false },
  PageRequest: { module: "core/pagination", type: true },
  paginate: { module: "core/pagination", type: false },
  Transport: { module: "core/client", type: false },
  TransportOptions: { module: "core/client", type: true },
  AnswerOptions: { module: "core/client", type: true },
  parseWebhookBody: { module: "core/webhooks", type: false },
  // src/flow.ts binds the core's generic builder and check to the node types the spec documents, under the names
  // the package exports; it imports the core's own under other names.
  assertValidFlow: { module: "core/flow", type: false },
  FlowCheck: { module: "core/flow", type: true },
  FlowValidationError: { module: "core/flow", type: false },
  validateWithRules: { module: "core/flow", type: false, imported: "validateFlow" },
  EditableVersion: { module: "core/flow-builder", type: true },
  FlowEditor: { module: "core/flow-builder", type: true },
  FlowOptions: { module: "core/flow-builder", type: true },
  FlowStart: { module: "core/flow-builder", type: true },
  FlowStep: { module: "core/flow-builder", type: true },
  StepOptions: { module: "core/flow-builder", type: true },
  editWithRules: { module: "core/flow-builder", type: false, imported: "editFlow" },
  flowWithRules: { module: "core/flow-builder", type: false, imported: "flow" },
  step: { module: "core/flow-builder", type: false },
  Client: { module: "openapi-fetch", type: true, package: true },
  components: { module: "schema", type: true },
  operations: { module: "schema", type: true },
  paths: { module: "schema", type: true },
  webhooks: { module: "schema", type: true },
};

/**
 * The imports of one generated file, gathered from the names its code uses: every name the code refers to
 * goes through `use` (or a template's `{{ref}}`), so the file imports exactly what it uses.
 */
export class Imports {
  readonly #fileModule: string;
  readonly #known: ReadonlyMap<string, Declared>;
  readonly #used = new Map<string, Declared>();

  /** `fileModule`: the file being written (`resources/notes`); `known`: the generated names besides the core's. */
  constructor(fileModule: string, known: ReadonlyMap<string, Declared>) {
    this.#fileModule = fileModule;
    this.#known = known;
  }

  /** Returns `name` and records its import; a name declared in this file needs none. */
  use(name: string): string {
    const declared = this.#known.get(name) ?? CORE[name];
    if (!declared) throw new Error(`the generated code uses "${name}", which no generated module declares`);
    if (declared.module !== this.#fileModule) this.#used.set(name, declared);
    return name;
  }

  /**
   * The import declarations: packages first, then the package's own modules, each in name order; within one,
   * names sorted; `import type` when every name is a type.
   */
  render(): string {
    const byModule = new Map<string, { specifier: string; names: [string, boolean][] }>();
    for (const [name, declared] of this.#used) {
      const specifier = this.#specifier(declared);
      const entry = byModule.get(specifier) ?? { specifier, names: [] };
      entry.names.push([declared.imported ? `${declared.imported} as ${name}` : name, declared.type]);
      byModule.set(specifier, entry);
    }
    const local = (specifier: string) => specifier.startsWith(".");
    return [...byModule.values()]
      .sort((a, b) => Number(local(a.specifier)) - Number(local(b.specifier)) || a.specifier.localeCompare(b.specifier))
      .map(({ specifier, names }) => {
        const allTypes = names.every(([, type]) => type);
        const items = names.sort(([a], [b]) => a.localeCompare(b)).map(([name, type]) => (type && !allTypes ? `type ${name}` : name));
        return list(`import ${allTypes ? "type " : ""}`, items, ` from "${specifier}";`, "", "{}");
      })
      .join("\n");
  }

  #specifier(declared: Declared): string {
    if (declared.package) return declared.module;
    const relative = posix.relative(posix.dirname(this.#fileModule), declared.module);
    return `${relative.startsWith(".") ? relative : `./${relative}`}.js`;
  }
}
