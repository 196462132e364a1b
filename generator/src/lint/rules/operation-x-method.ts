import type { Oas3Rule } from "@redocly/openapi-core";
import { joinPointer } from "../../load/pointer.ts";
import { RESERVED_METHODS } from "../../model/build.ts";
import { CAMEL_CASE, at, operationLabel, operationPlace, type Json } from "./support.ts";

/**
 * Every path operation names its SDK method in `x-method` (`grinfi.contacts.search`): camelCase, and unique among
 * the operations of its tag (the `…All` iterators of paged ones included), since a tag becomes one SDK resource
 * class; nor may it be a member every resource class already has.
 */
export const OperationXMethod: Oas3Rule = () => {
  const byTag = new Map<string, Map<string, string>>();
  return {
    Operation(node, ctx) {
      const operation = node as unknown as Json;
      const place = operationPlace(ctx.location);
      if (place.kind !== "path") return;
      const method = operation["x-method"];
      if (method === undefined) {
        ctx.report({
          message: `operation ${operationLabel(operation, place)} has no x-method; name its SDK method in camelCase (e.g. x-method: search)`,
          location: at(place.pointer, true),
        });
        return;
      }
      if (typeof method !== "string" || !CAMEL_CASE.test(method)) {
        ctx.report({ message: `x-method ${JSON.stringify(method)} is not camelCase (${CAMEL_CASE.source})`, location: at(joinPointer(place.pointer, "x-method")) });
        return;
      }
      const tag = Array.isArray(operation.tags) && typeof operation.tags[0] === "string" ? operation.tags[0] : "";
      const methods = byTag.get(tag) ?? new Map<string, string>();
      byTag.set(tag, methods);
      if (RESERVED_METHODS.has(method)) {
        ctx.report({ message: `x-method "${method}" is already a member of every SDK resource class; choose another name`, location: at(joinPointer(place.pointer, "x-method")) });
        return;
      }
      // A paged operation also gets `<method>All`, which no other method of the tag may be called.
      const label = operationLabel(operation, place);
      const names: [string, string][] = [[method, label]];
      if (operation["x-pagination"] !== undefined) names.push([`${method}All`, `the ${method}All iterator of ${label}`]);
      for (const [name, owner] of names) {
        const first = methods.get(name);
        if (first !== undefined) {
          ctx.report({
            message: `x-method "${method}" ${name === method ? "is" : `makes ${name}, which is`} already used by ${first} in tag ${tag ? `"${tag}"` : "(none)"}; each method of an SDK resource needs its own name`,
            location: at(joinPointer(place.pointer, "x-method")),
          });
        } else {
          methods.set(name, owner);
        }
      }
    },
  };
};
