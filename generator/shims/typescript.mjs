// What `typescript` resolves to in the compiled CLI: ts-morph's copy of the compiler, converted to an ES module
// namespace once. Every `import ts from "typescript"` in openapi-typescript (a dozen modules) would otherwise copy
// the compiler's thousands of exports into a namespace object of its own when the bundle loads.
import ts from "@ts-morph/common/dist/typescript.js";

export default ts;
