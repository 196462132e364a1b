import { StructureKind } from "ts-morph";
import type { ApiModel } from "../model/types.ts";
import type { EmittedFile } from "./file.ts";
import { docText, printSourceFile } from "./project.ts";

/** `src/client.ts` (the `Grinfi` class with one property per resource) and `src/index.ts` (the public surface). */
export function emitClient(model: ApiModel): EmittedFile[] {
  const client = printSourceFile([
    { kind: StructureKind.ImportDeclaration, moduleSpecifier: "./core/client.js", namedImports: ["Transport", "type TransportOptions"] },
    { kind: StructureKind.ImportDeclaration, isTypeOnly: true, moduleSpecifier: "openapi-fetch", namedImports: ["Client"] },
    { kind: StructureKind.ImportDeclaration, isTypeOnly: true, moduleSpecifier: "./schema.js", namedImports: ["paths"] },
    ...model.resources.map((resource) => ({ kind: StructureKind.ImportDeclaration as const, moduleSpecifier: `./resources/${resource.fileName}.js`, namedImports: [resource.className] })),
    (writer) => writer.blankLineIfLastNot(),
    { kind: StructureKind.TypeAlias, isExported: true, name: "GrinfiOptions", type: "TransportOptions", docs: ["Options of {@link Grinfi}: API key, base URL, timeout, retries, rate limit, hooks, custom fetch."] },
    (writer) => writer.blankLineIfLastNot(),
    {
      kind: StructureKind.Class,
      name: "Grinfi",
      isExported: true,
      docs: [docText(`The ${model.title} client (API version ${model.version}).\n\n\`new Grinfi()\` reads the key from GRINFI_API_KEY; every resource shares one transport, so one rate limiter and one retry policy.`)],
      properties: [
        ...model.resources.map((resource) => ({
          name: resource.propertyName,
          isReadonly: true,
          type: resource.className,
          docs: [docText(`${resource.tag}: ${resource.description}`)],
        })),
        { name: "transport", isReadonly: true, type: "Transport<paths>", docs: ["The request pipeline every resource uses (rate limit, timeout, retries, errors)."] },
      ],
      ctors: [{
        parameters: [{ name: "options", type: "GrinfiOptions", initializer: "{}" }],
        statements: [
          "this.transport = new Transport<paths>(options);",
          ...model.resources.map((resource) => `this.${resource.propertyName} = new ${resource.className}(this.transport);`),
        ],
      }],
      getAccessors: [{
        name: "raw",
        returnType: "Client<paths>",
        docs: ["The underlying openapi-fetch client, authenticated and typed with every path, for anything the resources do not cover. It bypasses retries, rate limiting and error mapping."],
        statements: "return this.transport.raw;",
      }],
    },
  ]);

  const exportFrom = (moduleSpecifier: string, namedExports?: string[], isTypeOnly = false) =>
    ({ kind: StructureKind.ExportDeclaration as const, moduleSpecifier, namedExports, isTypeOnly });
  const index = printSourceFile([
    exportFrom("./client.js", ["Grinfi", "type GrinfiOptions"]),
    exportFrom("./core/index.js"),
    exportFrom("./core/resource.js", ["type CallOptions"]),
    exportFrom("./enums.js"),
    exportFrom("./filters.js", undefined, true),
    exportFrom("./webhooks.js"),
    ...(model.flowNodes.length ? [exportFrom("./flow.js")] : []),
    ...model.resources.map((resource) => exportFrom(`./resources/${resource.fileName}.js`)),
    exportFrom("./schema.js", ["components", "operations", "paths", "webhooks"], true),
  ]);
  return [
    { path: "src/client.ts", contents: client },
    { path: "src/index.ts", contents: index },
  ];
}
