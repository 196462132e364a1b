import type { Oas3Rule } from "@redocly/openapi-core";
import { modelFindings } from "./support.ts";

/**
 * A request body is sent as `application/json` or `multipart/form-data`, and a form's parts must each be a file, an
 * object (JSON) or a single value (text), so that the SDK method knows how to send it (model/media.ts). The model
 * checks it (generate refuses a body it cannot send); this rule reports it.
 */
export const OperationMediaTypes: Oas3Rule = () => ({ Root: modelFindings("operation-media-types") });
