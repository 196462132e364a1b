import type { Oas3Rule } from "@redocly/openapi-core";
import { joinPointer } from "../../load/pointer.ts";
import { at, jsonMediaTypes, operationResponses, pathOperationVisitor, refersTo, type Json } from "./support.ts";

const ENVELOPE = "#/components/schemas/ErrorEnvelope";

/** Every 4xx/5xx answer of a path operation has a JSON body whose schema is (a `$ref` to) `ErrorEnvelope`. */
export const ErrorResponseEnvelope: Oas3Rule = () => {
  const reported = new Set<string>();
  return pathOperationVisitor(({ operation, place, root, ctx }) => {
    const report = (pointer: string, message: string, onKey = false) => {
      if (reported.has(pointer)) return;
      reported.add(pointer);
      ctx.report({ message, location: at(pointer, onKey) });
    };
    for (const { code, response } of operationResponses(root, place, operation)) {
      if (!/^[45](?:\d\d|XX)$/i.test(code)) continue;
      const value = response.value as Json;
      const media = jsonMediaTypes(value?.content, joinPointer(response.pointer, "content"));
      if (media.length === 0) {
        report(response.pointer, `error answer ${code} has no JSON body; errors answer application/json with schema $ref '${ENVELOPE}'`, true);
        continue;
      }
      for (const { value: mediaType, pointer } of media) {
        if (!refersTo(root, mediaType.schema, "ErrorEnvelope")) {
          const schemaPointer = mediaType.schema === undefined ? pointer : joinPointer(pointer, "schema");
          report(schemaPointer, `error answer ${code} must use the error envelope: schema: { $ref: '${ENVELOPE}' }`);
        }
      }
    }
  });
};
