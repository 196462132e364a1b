import { StructureKind, VariableDeclarationKind, type StatementStructures, type WriterFunction } from "ts-morph";
import type { ApiModel } from "../model/types.ts";
import { enumValuesConstant } from "../model/names.ts";
import type { EmittedFile } from "./file.ts";
import { docText, printSourceFile } from "./project.ts";

/** `src/enums.ts`: for every named enum a union type, a frozen array of its values and a type guard. */
export function emitEnums(model: ApiModel): EmittedFile {
  const statements: (StatementStructures | WriterFunction)[] = [
    { kind: StructureKind.ImportDeclaration, isTypeOnly: true, moduleSpecifier: "./schema.js", namedImports: ["components"] },
  ];
  for (const enumModel of model.enums) {
    const constant = enumValuesConstant(enumModel.name);
    statements.push(
      (writer) => writer.blankLineIfLastNot(),
      {
        kind: StructureKind.TypeAlias,
        isExported: true,
        name: enumModel.name,
        type: `components["schemas"]["${enumModel.name}"]`,
        docs: enumModel.description ? [docText(enumModel.description)] : [],
      },
      (writer) => writer.blankLineIfLastNot(),
      {
        kind: StructureKind.VariableStatement,
        isExported: true,
        declarationKind: VariableDeclarationKind.Const,
        docs: [`Every known {@link ${enumModel.name}} value, in the order the API documents them.`],
        declarations: [{
          name: constant,
          type: `readonly ${enumModel.name}[]`,
          initializer: `/* @__PURE__ */ Object.freeze([${enumModel.values.map((v) => JSON.stringify(v)).join(", ")}])`,
        }],
      },
      {
        kind: StructureKind.Function,
        isExported: true,
        name: `is${enumModel.name}`,
        docs: [`Whether \`value\` is one of the known {@link ${enumModel.name}} values.`],
        parameters: [{ name: "value", type: "unknown" }],
        returnType: `value is ${enumModel.name}`,
        statements: `return (${constant} as readonly unknown[]).includes(value);`,
      },
    );
  }
  return { path: "src/enums.ts", contents: printSourceFile(statements) };
}
