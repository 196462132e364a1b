import { readFileSync } from "node:fs";
import { join } from "node:path";
import Handlebars from "handlebars";
import type { ApiModel, OperationModel } from "../model/types.ts";
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
/**
 * The README's section on files, when the spec has the CSV upload and download it shows (`grinfi.csvFiles.upload`):
 * every upload and download method, and the two the examples call.
 */
function fileMethods(model: ApiModel) {
  const call = (operation: OperationModel) => `${model.resources.find((r) => r.tag === operation.tag)?.propertyName}.${operation.methodName}`;
  const upload = model.operations.find((operation) => operation.operationId === "uploadCsvFile");
  const download = model.operations.find((operation) => operation.operationId === "downloadCsvExport");
  if (!upload || !download) return undefined;
  return {
    upload: call(upload),
    download: call(download),
    uploads: model.operations.filter((operation) => operation.body?.mediaType === "multipart/form-data").map(call),
    downloads: model.operations.filter((operation) => operation.success.kind === "file").map(call),
  };
}

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
    files: fileMethods(model),
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
