import { encodeFilterJson, encodeFilterQuery, type RequestOptions } from "@grinfi/sdk";
import type { OperationSpec } from "./operations.js";

/** What the SDK's transport is asked to send for one tool call. */
export interface ApiRequest {
  method: OperationSpec["method"];
  path: string;
  options: RequestOptions;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Sorts validated tool arguments into the path, the query and the body, and encodes the filter the way the
 * operation takes it (the SDK's own encoders), exactly as the generated resource method would.
 */
export function toApiRequest(operation: OperationSpec, args: Record<string, unknown>): ApiRequest {
  const path: Record<string, unknown> = {};
  const query: Record<string, unknown> = {};
  const body: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(args)) {
    if (value === undefined || name === "filter") continue;
    const place = operation.arguments[name];
    if (place === "path") path[name] = value;
    else if (place === "query") query[name] = value;
    else if (place === "body") body[name] = value;
  }
  const options: RequestOptions = {};
  const filter = isObject(args["filter"]) ? args["filter"] : undefined;
  if (filter && operation.filter === "body") body["filter"] = filter;
  if (filter && operation.filter === "query-json") query["filter"] = encodeFilterJson(filter);
  if (filter && operation.filter === "query") options.filterQuery = encodeFilterQuery(filter);
  options.params = { path, query };
  const sendsBody = operation.body === "required" || (operation.body === "optional" && Object.keys(body).length > 0);
  if (sendsBody) options.body = body;
  return { method: operation.method, path: operation.path, options };
}
