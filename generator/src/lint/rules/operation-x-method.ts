import type { Oas3Rule } from "@redocly/openapi-core";
import { modelFindings } from "./support.ts";

/**
 * Every path operation names its SDK method in `x-method` (`grinfi.contacts.search`): camelCase, unique among the
 * operations of its tag (the `…All` iterators of paged ones included), since a tag becomes one SDK resource class,
 * and not a name the class or every JavaScript object already has (`then`, `constructor`, …). The model reads and
 * checks x-method (model/extensions.ts, model/build.ts); this rule reports what it found.
 */
export const OperationXMethod: Oas3Rule = () => ({ Root: modelFindings("operation-x-method") });
