import { readFileSync } from "node:fs";
import { join } from "node:path";
import Handlebars from "handlebars";
import type { ApiModel } from "../model/types.ts";
import type { EmittedFile } from "./file.ts";

export interface PackageSettings {
  packageName: string;
  version: string;
  openapiFetchVersion: string;
}

/**
 * README.md, package.json, tsconfig.json and CHANGELOG.md of the generated package, from `templates/*.hbs`.
 * `releaseNotes`: the hand-written notes kept beside the spec (`<spec>/CHANGELOG.md`), which the CHANGELOG ends
 * with; a spec without them gets the generated summary alone.
 */
export function emitText(model: ApiModel, settings: PackageSettings, templatesDir: string, releaseNotes = ""): EmittedFile[] {
  const operations = model.resources.flatMap((r) => r.operations);
  const byTag = new Map(model.resources.map((r) => [r.tag, r]));
  const context = {
    ...settings,
    specVersion: model.version,
    baseUrl: model.baseUrl,
    operationCount: operations.length,
    resourceCount: model.resources.length,
    enumCount: model.enums.length,
    filterCount: operations.filter((o) => o.filter).length,
    paginatedCount: operations.filter((o) => o.pagination).length,
    webhookCount: model.webhooks.length,
    webhookEvents: model.webhooks.map((w) => w.event),
    withoutMethod: model.withoutMethod,
    hasFlowBuilder: model.flowNodes.length > 0,
    releaseNotes: releaseNotes.trim(),
    categories: model.categories.map((category) => ({
      name: category.name,
      operations: category.resources.flatMap((tag) => {
        const resource = byTag.get(tag);
        if (!resource) return [];
        return resource.operations.flatMap((operation) => [
          { resource: resource.propertyName, method: operation.methodName, httpMethod: operation.httpMethod.toUpperCase(), path: operation.path, summary: operation.summary },
          ...(operation.pagination
            ? [{ resource: resource.propertyName, method: `${operation.methodName}All`, httpMethod: operation.httpMethod.toUpperCase(), path: operation.path, summary: `${operation.summary}, every page (async iterator)` }]
            : []),
        ]);
      }),
    })),
  };
  const render = (template: string) => Handlebars.compile(readFileSync(join(templatesDir, template), "utf8"), { noEscape: true, strict: true })(context);
  return [
    { path: "README.md", contents: render("README.md.hbs") },
    { path: "package.json", contents: render("package.json.hbs") },
    { path: "tsconfig.json", contents: render("tsconfig.json.hbs") },
    { path: "CHANGELOG.md", contents: render("CHANGELOG.md.hbs") },
  ];
}
