import { StructureKind, VariableDeclarationKind, type StatementStructures, type WriterFunction } from "ts-morph";
import type { ApiModel } from "../model/types.ts";
import { webhookTypeName } from "../model/names.ts";
import type { EmittedFile } from "./file.ts";
import { docText, printSourceFile } from "./project.ts";

/** `src/webhooks.ts`: one type per delivered event, their union, and `parseWebhookEvent`. */
export function emitWebhooks(model: ApiModel): EmittedFile {
  const names = model.webhooks.map((event) => webhookTypeName(event.event));
  const statements: StatementStructures[] = [
    { kind: StructureKind.ImportDeclaration, moduleSpecifier: "./core/webhooks.js", namedImports: ["parseWebhookBody"] },
    { kind: StructureKind.ImportDeclaration, isTypeOnly: true, moduleSpecifier: "./schema.js", namedImports: ["webhooks"] },
    { kind: StructureKind.ExportDeclaration, moduleSpecifier: "./core/webhooks.js", namedExports: ["WebhookParseError"] },
    ...model.webhooks.map((event, index): StatementStructures => ({
      kind: StructureKind.TypeAlias,
      isExported: true,
      name: names[index]!,
      docs: [docText(`${event.summary}\n\n${event.description}`)],
      type: `NonNullable<webhooks["${event.event}"]["post"]["requestBody"]>["content"]["application/json"]`,
    })),
    {
      kind: StructureKind.TypeAlias,
      isExported: true,
      name: "WebhookPayload",
      docs: ["Any body Grinfi delivers to a webhook; narrow it on `event_name`."],
      type: names.length ? names.join(" | ") : "never",
    },
    {
      kind: StructureKind.VariableStatement,
      declarationKind: VariableDeclarationKind.Const,
      declarations: [{
        name: "REQUIRED_FIELDS",
        type: "Readonly<Record<string, readonly string[]>>",
        initializer: `{\n${model.webhooks.map((e) => `  ${JSON.stringify(e.event)}: ${JSON.stringify(e.requiredFields)},`).join("\n")}\n}`,
      }],
    },
    {
      kind: StructureKind.Function,
      isExported: true,
      name: "parseWebhookEvent",
      docs: [docText("Validates a webhook body (raw text or parsed JSON) and returns it typed as its event.\n\n@throws WebhookParseError when it is not JSON, names an unknown event, or lacks a field the event always has.")],
      parameters: [{ name: "body", type: "unknown" }],
      returnType: "WebhookPayload",
      statements: "return parseWebhookBody<WebhookPayload>(body, REQUIRED_FIELDS);",
    },
  ];
  // Blank lines where hand-written code has them: after the imports, after the re-export, before the constant.
  const blank: WriterFunction = (writer) => writer.blankLineIfLastNot();
  const constantAt = statements.findIndex((statement) => statement.kind === StructureKind.VariableStatement);
  const spaced = statements.flatMap((statement, index): (StatementStructures | WriterFunction)[] =>
    index === 2 || index === 3 || index === constantAt ? [blank, statement] : [statement],
  );
  return { path: "src/webhooks.ts", contents: printSourceFile(spaced) };
}
