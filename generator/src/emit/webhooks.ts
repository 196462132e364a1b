import { webhookTypeName } from "../model/names.ts";
import type { ApiModel } from "../model/types.ts";
import type { PackageExports } from "./exports.ts";
import type { EmittedFile } from "./file.ts";
import { propertyKey } from "./layout.ts";
import { Imports } from "./imports.ts";
import { list } from "./layout.ts";
import { renderCode } from "./templates.ts";

/** `src/webhooks.ts`: one type per delivered event, their union, and `parseWebhookEvent`. */
export function emitWebhooks(model: ApiModel, names: PackageExports): EmittedFile {
  const imports = new Imports("webhooks", names.declared);
  const events = model.webhooks.map((event) => {
    const named = names.modelType(event.component);
    const fields = event.requiredFields.map((field) => JSON.stringify(field));
    return {
      name: webhookTypeName(event.event),
      docs: `${event.summary}\n\n${event.description}`,
      type: named
        ? imports.use(named)
        : `NonNullable<${imports.use("webhooks")}["${event.event}"]["post"]["requestBody"]>["content"]["application/json"]`,
      requiredFields: list(`${propertyKey(event.event)}: `, fields, ",", "  ", "[]"),
    };
  });
  const context = {
    events,
    payload: events.length ? events.map((event) => event.name).join(" | ") : "never",
    parseDocs:
      "Validates a webhook body (raw text or parsed JSON) and returns it typed as its event.\n\n" +
      "@throws WebhookParseError when it is not JSON, names an unknown event, or lacks a field the event always has.",
  };
  return renderCode("src/webhooks.ts", "webhooks.ts", context, imports);
}
