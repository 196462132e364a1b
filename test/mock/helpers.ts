import { join } from "node:path";
import { repoRoot } from "../helpers/spec-fixture.ts";
import { loadMockApi, type MockApi } from "../../generator/src/mock/index.ts";

export const SPEC_DIR = join(repoRoot, "spec");
/** Small recordings made for these tests: five tasks over two overlapping pages, and two contacts. */
export const FIXTURE_RECORDINGS = join(repoRoot, "test", "mock", "fixtures", "recordings");

export const AVERY = "b27f3cfc-84a0-4fb8-956b-91d032f9c523";
export const ROWAN = "c3a8d4e2-95b1-4c07-a6d3-02e143f0d634";
export const NOBODY = "4e9b1f3a-2c6d-4f8e-a0b2-c4d6e8f0a2b4";

/** The spec and fixture recordings, compiled once per test file and shared by every server it starts. */
export const fixtureApi = (): Promise<MockApi> => loadMockApi({ specDir: SPEC_DIR, recordingsDir: FIXTURE_RECORDINGS });

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON; undefined when empty or not JSON. */
  json: unknown;
}

export interface CallOptions {
  body?: unknown;
  /** The bearer token; null sends no Authorization header. Default "test-token". */
  token?: string | null;
  headers?: Record<string, string>;
}

/** One request over real HTTP; a body that is not a string is sent as JSON. */
export async function call(baseUrl: string, method: string, path: string, options: CallOptions = {}): Promise<Reply> {
  const token = options.token === undefined ? "test-token" : options.token;
  const headers: Record<string, string> = { ...(token !== null && { authorization: `Bearer ${token}` }), ...options.headers };
  let body: string | undefined;
  if (typeof options.body === "string") body = options.body;
  else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers["content-type"] ??= "application/json";
  }
  const response = await fetch(baseUrl + path, { method, headers, body });
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** The `error` part of the API's envelope, typed for assertions. */
export function envelopeOf(reply: Reply): { error: { reason: string; message: string; data: Record<string, string[]> }; message: string; code: number } {
  return reply.json as ReturnType<typeof envelopeOf>;
}
