import type { ApiModel } from "../model/types.ts";
import { enumGuardName, enumValuesConstant } from "../model/names.ts";
import type { PackageExports } from "./exports.ts";
import type { EmittedFile } from "./file.ts";
import { Imports } from "./imports.ts";
import { list, MAX_LINE } from "./layout.ts";
import { renderCode } from "./templates.ts";

/**
 * `src/enums.ts`: for every named enum a type, a frozen array of its known values and a type guard. A closed set
 * is its union of values; an open one (DECISIONS D1) is that union `| (string & {})`, as schema.ts prints it.
 */
export function emitEnums(model: ApiModel, names: PackageExports): EmittedFile {
  const imports = new Imports("enums", names.declared);
  const enums = model.enums.map((enumModel) => {
    const constant = enumValuesConstant(enumModel.name);
    const values = enumModel.values.map((value) => JSON.stringify(value));
    const declaration = `export const ${constant}: readonly ${enumModel.name}[] =`;
    // `@__PURE__`: a bundler drops the array when nothing uses it.
    const frozen = (indent: string) => list("/* @__PURE__ */ Object.freeze(", values, ");", indent, "[]");
    const sameLine = `${declaration} ${frozen("")}`;
    return {
      name: enumModel.name,
      description: enumModel.description,
      type: `${imports.use("components")}["schemas"]["${enumModel.name}"]`,
      constant,
      valuesDeclaration: sameLine.split("\n")[0]!.length <= MAX_LINE ? sameLine : `${declaration}\n  ${frozen("  ")}`,
      guard: enumGuardName(enumModel.name),
    };
  });
  return renderCode("src/enums.ts", "enums.ts", { enums }, imports);
}
