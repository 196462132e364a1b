import type { ApiModel } from "../model/types.ts";
import type { PackageExports } from "./exports.ts";
import type { EmittedFile } from "./file.ts";
import { Imports } from "./imports.ts";
import { renderCode } from "./templates.ts";

/** `src/client.ts`: the `Grinfi` class, with one property per resource on one shared transport. */
export function emitClient(model: ApiModel, names: PackageExports): EmittedFile {
  const imports = new Imports("client", names.declared);
  const context = {
    docs:
      `The ${model.title} client (API version ${model.version}).\n\n\`new Grinfi()\` reads the key from GRINFI_API_KEY; ` +
      "every resource shares one transport, so one rate limiter and one retry policy.",
    resources: model.resources.map((resource) => ({
      propertyName: resource.propertyName,
      className: imports.use(resource.className),
      docs: `${resource.tag}: ${resource.description}`,
    })),
  };
  return renderCode("src/client.ts", "client.ts", context, imports);
}

/** `src/index.ts`: the public surface, everything re-exported from the modules that declare it. */
export function emitIndex(model: ApiModel): EmittedFile {
  return renderCode("src/index.ts", "index.ts", { resources: model.resources, hasFlow: model.flowNodes.length > 0 });
}
