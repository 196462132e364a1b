import type { OpenApiDocument } from "../load/bundle.ts";
import { followRefs, isRecord, joinPointer } from "../load/pointer.ts";
import { readEnumSet } from "./enums.ts";
import type { Report } from "./extensions.ts";
import type { FormPartModel, JsonContent, OperationModel, RequestMediaType, ResponseModel } from "./types.ts";

/*
 * What an operation sends and answers (spec/README.md, "Files"): a request body is JSON or a multipart form, whose
 * parts are files, JSON or text; a 2xx answer is JSON, a file (any other media type) or nothing. A body the SDK
 * cannot send is a finding of `operation-media-types`.
 */

export const JSON_MEDIA_TYPE = "application/json";
export const MULTIPART_MEDIA_TYPE = "multipart/form-data";
const SCHEMAS = "#/components/schemas/";

/** `Contact` for `{ $ref: "#/components/schemas/Contact" }`; undefined for anything else. */
export function componentName(node: unknown): string | undefined {
  return isRecord(node) && typeof node.$ref === "string" && node.$ref.startsWith(SCHEMAS) ? node.$ref.slice(SCHEMAS.length) : undefined;
}

/** `application/json` and the `+json` types (`application/merge-patch+json`). */
export function isJsonMediaType(mediaType: string): boolean {
  const type = mediaType.split(";")[0]!.trim().toLowerCase();
  return type === JSON_MEDIA_TYPE || type.endsWith("+json");
}

export function jsonContent(holder: unknown): JsonContent | undefined {
  const media = isRecord(holder) && isRecord(holder.content) ? holder.content[JSON_MEDIA_TYPE] : undefined;
  return isRecord(media) ? { ...(media.schema !== undefined && { schema: media.schema }), media } : undefined;
}

/**
 * The request body at `pointer` (the operation's `requestBody`, maybe a `$ref`): sent as JSON when the spec offers
 * `application/json`, else as `multipart/form-data`; undefined when there is none, or (with findings) when it is
 * neither or a form the SDK cannot build.
 */
export function readBody(document: OpenApiDocument, requestBody: unknown, pointer: string, label: string, report: Report): OperationModel["body"] {
  const located = followRefs(document, requestBody, pointer);
  const body = located.value;
  if (!isRecord(body)) return undefined;
  const deref = (value: unknown): unknown => followRefs(document, value).value;
  const content = isRecord(body.content) ? body.content : {};
  const mediaTypes = Object.keys(content);
  const multipart = !(JSON_MEDIA_TYPE in content) && mediaTypes.length > 0 && MULTIPART_MEDIA_TYPE in content;
  if (mediaTypes.length > 0 && !(JSON_MEDIA_TYPE in content) && !multipart) {
    report({
      rule: "operation-media-types",
      pointer: joinPointer(located.pointer, "content"),
      message: `the request body of ${label} is ${mediaTypes.join(" or ")}, which the SDK cannot send`,
      hint: `offer it as ${JSON_MEDIA_TYPE} or ${MULTIPART_MEDIA_TYPE}`,
    });
    return undefined;
  }
  const mediaType: RequestMediaType = multipart ? MULTIPART_MEDIA_TYPE : JSON_MEDIA_TYPE;
  const json = multipart ? undefined : jsonContent(body);
  const media = multipart && isRecord(content[MULTIPART_MEDIA_TYPE]) ? content[MULTIPART_MEDIA_TYPE] : {};
  const parts = multipart ? readFormParts(document, media, joinPointer(located.pointer, "content", MULTIPART_MEDIA_TYPE), label, report) : undefined;
  if (multipart && !parts) return undefined;
  const written = multipart ? media.schema : json?.schema;
  const schema = deref(written);

  const properties = new Set<string>();
  let requiredFields = false;
  const collect = (node: unknown): void => {
    const resolved = deref(node);
    if (!isRecord(resolved)) return;
    if (isRecord(resolved.properties)) Object.keys(resolved.properties).forEach((k) => properties.add(k));
    if (Array.isArray(resolved.required) && resolved.required.length > 0) requiredFields = true;
    for (const key of ["allOf", "oneOf", "anyOf"]) if (Array.isArray(resolved[key])) (resolved[key] as unknown[]).forEach(collect);
  };
  collect(schema);
  const isUnion = isRecord(schema) && (Array.isArray(schema.oneOf) || Array.isArray(schema.anyOf));
  const component = componentName(written);
  return {
    required: body.required === true,
    requiredFields: requiredFields || isUnion,
    properties: [...properties].sort(),
    isUnion,
    mediaType,
    ...(json && { json }),
    ...(parts && { multipart: { ...(media.schema !== undefined && { schema: media.schema }), media, parts } }),
    ...(component && { component }),
  };
}

/**
 * The parts of a multipart form: one per property of its object schema, each a file, JSON or text by its schema
 * and its `encoding` entry (OpenAPI's defaults); undefined (with findings) when a part cannot be told.
 */
function readFormParts(document: OpenApiDocument, media: Record<string, unknown>, pointer: string, label: string, report: Report): FormPartModel[] | undefined {
  const problem = (at: string, message: string, hint: string): void => report({ rule: "operation-media-types", pointer: at, message, hint });
  const schema = followRefs(document, media.schema, joinPointer(pointer, "schema"));
  if (!isRecord(schema.value) || !isRecord(schema.value.properties)) {
    problem(
      media.schema === undefined ? pointer : schema.pointer,
      `the ${MULTIPART_MEDIA_TYPE} body of ${label} is not an object schema with properties, so its parts are unknown`,
      "write the form as type: object with one property per part (a file is type: string, format: binary)",
    );
    return undefined;
  }
  const properties = schema.value.properties;
  const required = Array.isArray(schema.value.required) ? schema.value.required : [];
  const encoding = isRecord(media.encoding) ? media.encoding : {};
  let valid = true;
  for (const name of Object.keys(encoding)) {
    if (name in properties) continue;
    valid = false;
    problem(joinPointer(pointer, "encoding", name), `the encoding of ${label}'s form names "${name}", which is not one of its parts`, "name a property of the form's schema, or remove the entry");
  }
  const parts: FormPartModel[] = [];
  for (const [name, written] of Object.entries(properties)) {
    const part = followRefs(document, written, joinPointer(schema.pointer, "properties", name));
    const entry = encoding[name];
    const encodedAs = isRecord(entry) && typeof entry.contentType === "string" ? entry.contentType : undefined;
    const kind = partKind(part.value, encodedAs);
    if (!kind) {
      valid = false;
      problem(
        part.pointer,
        `part "${name}" of ${label}'s ${MULTIPART_MEDIA_TYPE} body is neither a file, an object nor a single value, so the SDK cannot tell how to send it`,
        "type it as a file (type: string, format: binary), an object (sent as JSON) or a string, number, boolean or enum (sent as text); or give it encoding: { contentType: application/json }",
      );
      continue;
    }
    const declared = isRecord(part.value) && typeof part.value.contentMediaType === "string" ? part.value.contentMediaType : undefined;
    const contentType = encodedAs ?? (kind === "file" ? declared : undefined);
    const description = [written, part.value].map((node) => (isRecord(node) ? node.description : undefined)).find((text) => typeof text === "string");
    parts.push({ name, kind, required: required.includes(name), ...(contentType && { contentType }), ...(typeof description === "string" && { description }) });
  }
  return valid ? parts : undefined;
}

function partKind(schema: unknown, encodedAs: string | undefined): FormPartModel["kind"] | undefined {
  if (!isRecord(schema)) return undefined;
  const declared = schema.contentMediaType;
  if (schema.type === "string" && (schema.format === "binary" || (typeof declared === "string" && !isJsonMediaType(declared)))) return "file";
  if ((encodedAs !== undefined && isJsonMediaType(encodedAs)) || schema.type === "object") return "json";
  if (readEnumSet(schema) || ["string", "number", "integer", "boolean"].includes(String(schema.type))) return "text";
  return undefined;
}

/** The documented 2xx status (the lowest) and what it answers: JSON, a file (any other media type) or nothing. */
export function readSuccess(responses: unknown, deref: (value: unknown) => unknown): OperationModel["success"] | undefined {
  if (!isRecord(responses)) return undefined;
  const status = Object.keys(responses).filter((code) => /^2\d\d$/.test(code)).sort()[0];
  if (!status) return undefined;
  const response = deref(responses[status]);
  const content = isRecord(response) && isRecord(response.content) ? response.content : {};
  const mediaTypes = Object.keys(content);
  const json = jsonContent(response);
  if (json) {
    const component = componentName(json.schema);
    return { status: Number(status), kind: "json", hasBody: true, json, ...(component && { component }) };
  }
  if (mediaTypes.length === 0) return { status: Number(status), kind: "none", hasBody: false };
  const media = content[mediaTypes[0]!];
  return { status: Number(status), kind: "file", hasBody: true, file: { mediaTypes, media: isRecord(media) ? media : {} } };
}

/** Every documented answer with its JSON body, when it has one: what the SDK's response validators check. */
export function readResponses(responses: unknown, deref: (value: unknown) => unknown): ResponseModel[] {
  if (!isRecord(responses)) return [];
  return Object.entries(responses).map(([status, response]) => {
    const json = jsonContent(deref(response));
    return { status, ...(json && { json }) };
  });
}
