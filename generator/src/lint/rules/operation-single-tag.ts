import type { Oas3Rule } from "@redocly/openapi-core";
import { joinPointer } from "../../load/pointer.ts";
import { at, isRecord, modelFindings, operationLabel, operationPlace, type Json } from "./support.ts";

/**
 * Tags are the SDK's resources and the docs' sections: every path operation has exactly one tag, in an
 * `x-tagGroups` group (the model checks that: generate refuses an operation it cannot place), declared under the
 * root `tags`; every declared tag sits in exactly one `x-tagGroups` group and is used by some operation.
 */
export const OperationSingleTag: Oas3Rule = () => {
  let declared = new Set<string>();
  const used = new Set<string>();
  const fromModel = modelFindings("operation-single-tag");
  return {
    Root: {
      enter(node, ctx) {
        fromModel.enter(node, ctx);
        const root = node as unknown as Json;
        declared = new Set(Array.isArray(root.tags) ? root.tags.flatMap((tag) => (isRecord(tag) && typeof tag.name === "string" ? [tag.name] : [])) : []);
      },
      leave(node, ctx) {
        const root = node as unknown as Json;
        const groups = root["x-tagGroups"];
        const groupsOf = new Map<string, string[]>();
        if (!Array.isArray(groups)) {
          ctx.report({ message: "the document has no x-tagGroups list; put every tag in one group", location: at("", true) });
        } else {
          groups.forEach((group, g) => {
            if (!isRecord(group) || !Array.isArray(group.tags)) return;
            const groupName = typeof group.name === "string" ? group.name : `#${g}`;
            group.tags.forEach((tag, t) => {
              const name = String(tag);
              const seenIn = groupsOf.get(name) ?? [];
              if (seenIn.length > 0) {
                ctx.report({ message: `tag "${name}" is in x-tagGroups group "${groupName}" and also in "${seenIn.join('", "')}"; a tag belongs to exactly one group`, location: at(joinPointer("/x-tagGroups", g, "tags", t)) });
              } else if (!declared.has(name)) {
                ctx.report({ message: `x-tagGroups group "${groupName}" lists tag "${name}", which is not declared under tags`, location: at(joinPointer("/x-tagGroups", g, "tags", t)) });
              }
              groupsOf.set(name, [...seenIn, groupName]);
            });
          });
        }
        if (!Array.isArray(root.tags)) return;
        root.tags.forEach((tag, index) => {
          if (!isRecord(tag) || typeof tag.name !== "string") return;
          if (Array.isArray(groups) && !groupsOf.has(tag.name)) {
            ctx.report({ message: `tag "${tag.name}" is in no x-tagGroups group; add it to the group it belongs to`, location: at(joinPointer("/tags", index, "name")) });
          }
          if (!used.has(tag.name)) {
            ctx.report({ message: `tag "${tag.name}" is declared but no operation uses it; remove it or tag its operations`, location: at(joinPointer("/tags", index, "name")) });
          }
        });
      },
    },
    Operation(node, ctx) {
      const operation = node as unknown as Json;
      const place = operationPlace(ctx.location);
      const tags = Array.isArray(operation.tags) ? operation.tags : [];
      for (const tag of tags) if (typeof tag === "string") used.add(tag);
      tags.forEach((tag, index) => {
        if (typeof tag === "string" && !declared.has(tag)) {
          ctx.report({ message: `tag "${tag}" of ${operationLabel(operation, place)} is not declared under the root tags`, location: at(joinPointer(place.pointer, "tags", index)) });
        }
      });
    },
  };
};
