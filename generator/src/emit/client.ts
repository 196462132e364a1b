import type { ApiModel } from "../model/types.ts";
import type { EmittedFile } from "./file.ts";
import { createProject, docText, printFile } from "./project.ts";

/** `src/client.ts` (the `Grinfi` class with one property per resource) and `src/index.ts` (the public surface). */
export function emitClient(model: ApiModel): EmittedFile[] {
  const project = createProject();
  const client = project.createSourceFile("client.ts");
  // Plural add calls: ts-morph re-parses the file after each manipulation, so one call per list keeps this linear.
  client.addImportDeclarations([
    { moduleSpecifier: "./core/client.js", namedImports: ["Transport", "type TransportOptions"] },
    { isTypeOnly: true, moduleSpecifier: "openapi-fetch", namedImports: ["Client"] },
    { isTypeOnly: true, moduleSpecifier: "./schema.js", namedImports: ["paths"] },
    ...model.resources.map((resource) => ({ moduleSpecifier: `./resources/${resource.fileName}.js`, namedImports: [resource.className] })),
  ]);
  client.addTypeAlias({ isExported: true, name: "GrinfiOptions", type: "TransportOptions", docs: ["Options of {@link Grinfi}: API key, base URL, timeout, retries, rate limit, hooks, custom fetch."] });
  client.addClass({
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
  });

  const index = project.createSourceFile("index.ts");
  index.addExportDeclarations([
    { moduleSpecifier: "./client.js", namedExports: ["Grinfi", "type GrinfiOptions"] },
    { moduleSpecifier: "./core/index.js" },
    { moduleSpecifier: "./core/resource.js", namedExports: ["type CallOptions"] },
    { moduleSpecifier: "./enums.js" },
    { isTypeOnly: true, moduleSpecifier: "./filters.js" },
    { moduleSpecifier: "./webhooks.js" },
    ...model.resources.map((resource) => ({ moduleSpecifier: `./resources/${resource.fileName}.js` })),
    { isTypeOnly: true, moduleSpecifier: "./schema.js", namedExports: ["components", "operations", "paths", "webhooks"] },
  ]);
  return [
    { path: "src/client.ts", contents: printFile(client) },
    { path: "src/index.ts", contents: printFile(index) },
  ];
}
