import { HTTP_METHODS } from "../load/traverse.ts";
import type { ApiModel, FilterEncoding, FormPartModel } from "../model/types.ts";

export interface SpecParameter {
  name: string;
  in: "path" | "query";
  required: boolean;
  schema: unknown;
}

/** The first 2xx the spec documents: what the mock answers when no recording applies. */
export interface DocumentedSuccess {
  status: number;
  /** The example, when the answer has a body: JSON, or a file's text. */
  example: unknown;
  hasBody: boolean;
  /** The answer's media type: application/json, or a file's (text/csv). */
  mediaType?: string;
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
  /** The body's schema; for a multipart/form-data body, also its parts (files, JSON and text). */
  requestBody?: { required: boolean; schema: unknown; parts?: FormPartModel[] };
  filter?: { encoding: FilterEncoding; fields: string[] };
  pagination?: "query" | "body";
  success: DocumentedSuccess;
}

/** Every operation of the model as a route, most specific first (see `compareSpecificity`). */
export function buildRoutes(model: ApiModel): SpecRoute[] {
  const routes: SpecRoute[] = [];
  for (const operation of model.operations) {
    const parameters = operation.parameters.flatMap((p): SpecParameter[] =>
      p.in === "path" || p.in === "query" ? [{ name: p.name, in: p.in, required: p.required || p.in === "path", schema: p.schema }] : [],
    );
    const body = operation.body?.json ?? operation.body?.multipart;
    const parts = operation.body?.multipart?.parts;
    const { success } = operation;
    const mediaType = success.kind === "file" ? success.file?.mediaTypes[0] : success.kind === "json" ? "application/json" : undefined;
    routes.push({
      operationId: operation.operationId,
      method: operation.httpMethod.toUpperCase(),
      template: operation.path,
      segments: operation.path.split("/").slice(1).map((segment) => {
        const match = /^\{([^}]+)\}$/.exec(segment);
        return match ? { param: match[1] as string } : segment;
      }),
      parameters,
      ...(body && { requestBody: { required: operation.body?.required === true, schema: body.schema ?? {}, ...(parts && { parts }) } }),
      ...(operation.filter && { filter: { encoding: operation.filter.encoding, fields: operation.filter.fields.map((field) => field.name) } }),
      ...(operation.pagination && { pagination: operation.pagination.in }),
      success: {
        status: success.status,
        example: (success.json ?? success.file)?.media.example,
        hasBody: success.hasBody,
        ...(mediaType && { mediaType }),
      },
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
  // In the order HTTP_METHODS lists them (GET first), whatever order the routes are in.
  const rank = (name: string) => (HTTP_METHODS as readonly string[]).indexOf(name.toLowerCase());
  return { allowed: allowed.sort((a, b) => rank(a) - rank(b)) };
}
