import { VariableDeclarationKind } from "ts-morph";
import type { ApiModel } from "../model/types.ts";
import { pascalCase } from "../model/names.ts";
import type { EmittedFile } from "./file.ts";
import { createProject, docText, printFile } from "./project.ts";

/** `src/webhooks.ts`: one type per delivered event, their union, and `parseWebhookEvent`. */
export function emitWebhooks(model: ApiModel): EmittedFile {
  const file = createProject().createSourceFile("webhooks.ts");
  file.addImportDeclaration({ moduleSpecifier: "./core/webhooks.js", namedImports: ["parseWebhookBody"] });
  file.addImportDeclaration({ isTypeOnly: true, moduleSpecifier: "./schema.js", namedImports: ["webhooks"] });
  file.addExportDeclaration({ moduleSpecifier: "./core/webhooks.js", namedExports: ["WebhookParseError"] });
  const names: string[] = [];
  for (const event of model.webhooks) {
    const name = `${pascalCase(event.event)}Event`;
    names.push(name);
    file.addTypeAlias({
      isExported: true,
      name,
      docs: [docText(`${event.summary}\n\n${event.description}`)],
      type: `NonNullable<webhooks["${event.event}"]["post"]["requestBody"]>["content"]["application/json"]`,
    });
  }
  file.addTypeAlias({
    isExported: true,
    name: "WebhookPayload",
    docs: ["Any body Grinfi delivers to a webhook; narrow it on `event_name`."],
    type: names.length ? names.join(" | ") : "never",
  });
  file.addVariableStatement({
    declarationKind: VariableDeclarationKind.Const,
    declarations: [{
      name: "REQUIRED_FIELDS",
      type: "Readonly<Record<string, readonly string[]>>",
      initializer: `{\n${model.webhooks.map((e) => `  ${JSON.stringify(e.event)}: ${JSON.stringify(e.requiredFields)},`).join("\n")}\n}`,
    }],
  });
  file.addFunction({
    isExported: true,
    name: "parseWebhookEvent",
    docs: [docText("Validates a webhook body (raw text or parsed JSON) and returns it typed as its event.\n\n@throws WebhookParseError when it is not JSON, names an unknown event, or lacks a field the event always has.")],
    parameters: [{ name: "body", type: "unknown" }],
    returnType: "WebhookPayload",
    statements: "return parseWebhookBody<WebhookPayload>(body, REQUIRED_FIELDS);",
  });
  return { path: "src/webhooks.ts", contents: printFile(file) };
}
