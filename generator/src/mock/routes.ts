import type { OpenApiDocument } from "../load/bundle.ts";
import { followRefs, isRecord } from "../load/pointer.ts";
import { operations } from "../load/traverse.ts";

export type FilterEncoding = "body" | "query" | "query-json";

export interface SpecParameter {
  name: string;
  in: "path" | "query";
  required: boolean;
  schema: unknown;
}

/** The first 2xx the spec documents: what the mock answers when no recording applies. */
export interface DocumentedSuccess {
  status: number;
  /** The JSON example, when the answer has a body. */
  example: unknown;
  hasBody: boolean;
}

/** One operation of the spec, reduced to what the mock needs to route, check and answer a request. */
export interface SpecRoute {
  operationId: string;
  /** Upper case: GET, POST… */
  method: string;
  template: string;
  /** A literal segment as text, a parameter as `{ param: name }`. */
  segments: (string | { param: string })[];
  parameters: SpecParameter[];
  requestBody?: { required: boolean; schema: unknown };
  filter?: { encoding: FilterEncoding; fields: string[] };
  pagination?: "query" | "body";
  success: DocumentedSuccess;
}

function asParameter(document: OpenApiDocument, entry: unknown): SpecParameter | undefined {
  const parameter = followRefs(document, entry).value;
  if (!isRecord(parameter) || typeof parameter.name !== "string") return undefined;
  if (parameter.in !== "path" && parameter.in !== "query") return undefined;
  return { name: parameter.name, in: parameter.in, required: parameter.required === true || parameter.in === "path", schema: parameter.schema ?? {} };
}

function documentedSuccess(document: OpenApiDocument, responses: unknown): DocumentedSuccess {
  const codes = isRecord(responses) ? Object.keys(responses).filter((code) => /^2\d\d$/.test(code)).sort() : [];
  const code = codes[0];
  if (code === undefined || !isRecord(responses)) return { status: 200, example: undefined, hasBody: false };
  const response = followRefs(document, responses[code]).value;
  const content = isRecord(response) && isRecord(response.content) ? response.content : {};
  const media = content["application/json"];
  if (!isRecord(media)) return { status: Number(code), example: undefined, hasBody: false };
  return { status: Number(code), example: media.example, hasBody: true };
}

/** Every operation of the bundled document as a route, most specific first (see `compareSpecificity`). */
export function buildRoutes(document: OpenApiDocument): SpecRoute[] {
  const routes: SpecRoute[] = [];
  for (const { path, method, pathItem, operation } of operations(document)) {
    if (typeof operation.operationId !== "string") continue;
    const parameters = new Map<string, SpecParameter>();
    // Operation-level parameters override path-level ones of the same name and location.
    for (const entry of [...(Array.isArray(pathItem.parameters) ? pathItem.parameters : []), ...(Array.isArray(operation.parameters) ? operation.parameters : [])]) {
      const parameter = asParameter(document, entry);
      if (parameter) parameters.set(`${parameter.in}:${parameter.name}`, parameter);
    }
    const body = followRefs(document, operation.requestBody).value;
    const bodyMedia = isRecord(body) && isRecord(body.content) ? body.content["application/json"] : undefined;
    const filter = operation["x-filter"];
    const pagination = operation["x-pagination"];
    routes.push({
      operationId: operation.operationId,
      method: method.toUpperCase(),
      template: path,
      segments: path.split("/").slice(1).map((segment) => {
        const match = /^\{([^}]+)\}$/.exec(segment);
        return match ? { param: match[1] as string } : segment;
      }),
      parameters: [...parameters.values()],
      ...(isRecord(body) && isRecord(bodyMedia) && { requestBody: { required: body.required === true, schema: bodyMedia.schema ?? {} } }),
      ...(isRecord(filter) &&
        (filter.encoding === "body" || filter.encoding === "query" || filter.encoding === "query-json") && {
          filter: { encoding: filter.encoding, fields: Object.keys(isRecord(filter.fields) ? filter.fields : {}) },
        }),
      ...(isRecord(pagination) && (pagination.in === "query" || pagination.in === "body") && { pagination: pagination.in }),
      success: documentedSuccess(document, operation.responses),
    });
  }
  return routes.sort(compareSpecificity);
}

/**
 * Among paths of the same length, literal segments win over parameters, compared from the left:
 * `/flows/api/flows/leads/{leadUuid}` comes before `/flows/api/flows/{flowUuid}/start`, so `leads` is never taken
 * for a flow's UUID.
 */
function compareSpecificity(a: SpecRoute, b: SpecRoute): number {
  if (a.segments.length !== b.segments.length) return a.segments.length - b.segments.length;
  for (let i = 0; i < a.segments.length; i++) {
    const literalA = typeof a.segments[i] === "string";
    const literalB = typeof b.segments[i] === "string";
    if (literalA !== literalB) return literalA ? -1 : 1;
  }
  return 0;
}

export interface RouteMatch {
  route: SpecRoute;
  /** Path parameter values, percent-decoded. */
  pathParams: Record<string, string>;
}

/** Splits a request path into decoded segments; undefined when a segment's percent-encoding is broken. */
function pathSegments(pathname: string): string[] | undefined {
  const trimmed = pathname.length > 1 ? pathname.replace(/\/+$/, "") : pathname;
  try {
    return trimmed.split("/").slice(1).map(decodeURIComponent);
  } catch {
    return undefined;
  }
}

/** The most specific route for this method and path, or, when none matches, the methods the path does take. */
export function matchRoute(routes: readonly SpecRoute[], method: string, pathname: string): RouteMatch | { allowed: string[] } {
  const segments = pathSegments(pathname);
  const allowed: string[] = [];
  if (!segments) return { allowed };
  for (const route of routes) {
    if (route.segments.length !== segments.length) continue;
    const pathParams: Record<string, string> = {};
    const matches = route.segments.every((segment, i) => {
      const actual = segments[i] as string;
      if (typeof segment === "string") return segment === actual;
      pathParams[segment.param] = actual;
      return actual !== "";
    });
    if (!matches) continue;
    if (route.method === method) return { route, pathParams };
    if (!allowed.includes(route.method)) allowed.push(route.method);
  }
  return { allowed };
}
