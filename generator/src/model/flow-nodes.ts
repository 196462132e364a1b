import { followRefs, isRecord, joinPointer } from "../load/pointer.ts";
import type { Report } from "./extensions.ts";
import { IDENTIFIER } from "./names.ts";
import type { FlowNodeTypeModel } from "./types.ts";

/** The schema listing the automation node types: a `oneOf` of one schema per type, discriminated on `type`. */
export const FLOW_NODE_UNION = "KnownAutomationNode";
const SCHEMAS = "#/components/schemas/";

/**
 * The node types of the automation builder, from `KnownAutomationNode`: each member's `type` (from the
 * discriminator's mapping), schema, step-factory name (the schema's name without `Node`: `SendEmailNode` →
 * `sendEmail`) and whether its payload takes nothing. None when the spec has no such union.
 */
export function readFlowNodes(document: Record<string, unknown>, report: Report): FlowNodeTypeModel[] {
  const fail = (pointer: string, message: string, hint: string) => report({ rule: "automation-node-union", pointer, message, hint });
  const components = isRecord(document.components) ? document.components : {};
  const schemas = isRecord(components.schemas) ? components.schemas : {};
  const union = schemas[FLOW_NODE_UNION];
  if (union === undefined) return [];
  const pointer = joinPointer("/components/schemas", FLOW_NODE_UNION);
  const discriminator = isRecord(union) && isRecord(union.discriminator) ? union.discriminator : {};
  const mapping = discriminator.propertyName === "type" && isRecord(discriminator.mapping) ? discriminator.mapping : undefined;
  if (!isRecord(union) || !Array.isArray(union.oneOf) || !mapping) {
    const message = `${FLOW_NODE_UNION} must be a oneOf of node schemas with discriminator { propertyName: type, mapping }`;
    fail(pointer, message, "list one schema per node type and map each type value to it");
    return [];
  }
  const typeOf = new Map(Object.entries(mapping).map(([type, ref]) => [String(ref), type]));
  const nodes: FlowNodeTypeModel[] = [];
  for (const [index, member] of union.oneOf.entries()) {
    const ref = isRecord(member) && typeof member.$ref === "string" ? member.$ref : undefined;
    const type = ref ? typeOf.get(ref) : undefined;
    if (!ref || !ref.startsWith(SCHEMAS) || type === undefined) {
      const message = `each member of ${FLOW_NODE_UNION} is a $ref that the discriminator's mapping names`;
      fail(joinPointer(pointer, "oneOf", index), message, "add the node type's value to discriminator.mapping");
      continue;
    }
    const schemaName = ref.slice(SCHEMAS.length);
    const schema = schemas[schemaName];
    const base = schemaName.endsWith("Node") ? schemaName.slice(0, -"Node".length) : schemaName;
    if (!IDENTIFIER.test(base)) {
      fail(joinPointer(pointer, "oneOf", index), `node schema ${schemaName} gives the step factory ${base}, which is not a TypeScript name`, "name node schemas in PascalCase, letters and digits only (e.g. SendEmailNode)");
      continue;
    }
    nodes.push({
      type,
      schemaName,
      factoryName: base.charAt(0).toLowerCase() + base.slice(1),
      payloadTypeName: `${base}Payload`,
      description: isRecord(schema) && typeof schema.description === "string" ? schema.description : "",
      emptyPayload: takesNothing(document, payloadSchema(document, schema)),
    });
  }
  return nodes;
}

/** The `payload` property of a node schema, looked up through `allOf`. */
function payloadSchema(document: Record<string, unknown>, schema: unknown): unknown {
  const resolved = followRefs(document, schema).value;
  if (!isRecord(resolved)) return undefined;
  if (isRecord(resolved.properties) && resolved.properties.payload !== undefined) return resolved.properties.payload;
  for (const member of Array.isArray(resolved.allOf) ? resolved.allOf : []) {
    const found = payloadSchema(document, member);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Whether a payload schema only allows an empty array or an empty object. */
function takesNothing(document: Record<string, unknown>, schema: unknown): boolean {
  const resolved = followRefs(document, schema).value;
  if (!isRecord(resolved)) return false;
  const members = [resolved.oneOf, resolved.anyOf].find(Array.isArray) ?? [resolved];
  return members.every((member) => {
    const value = followRefs(document, member).value;
    if (!isRecord(value)) return false;
    return (value.type === "array" && value.maxItems === 0) || (value.type === "object" && value.maxProperties === 0);
  });
}
