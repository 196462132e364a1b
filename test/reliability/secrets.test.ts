import { readdirSync, readFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { inspect } from "node:util";
import fc from "fast-check";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { scanForPersonalData } from "../../generator/runtime/privacy.ts";
import { showsKey, spelling, surrounding, type Spelling } from "../helpers/secret-spellings.ts";
import {
  APIError,
  AuthenticationError,
  ConnectionError,
  Grinfi,
  GrinfiError,
  RateLimitError,
  RequestAbortedError,
  ServerError,
  TimeoutError,
  ValidationError,
  type GrinfiOptions,
} from "../../generated/src/index.ts";

/** Where the API key may go (the configured base URL only) and where it must never show up. */

const API_KEY = "gk_live_SECRET_0123456789abcdef";
const CONTACT_UUID = "3f6c2a1e-8b4d-4c7a-9e2f-1a5b7c9d0e11";
const MESSAGE = { sender_profile_uuid: "2e8f4a6c-1b3d-4f5e-a7c9-8d0e2f4a6b15", lead_uuid: CONTACT_UUID, text: "Hello" };

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

interface Local {
  server: Server;
  url: string;
  port: number;
  seen: Seen[];
  handler: Handler;
}

async function startLocal(handler: Handler): Promise<Local> {
  const local = { seen: [] as Seen[], handler } as Local;
  local.server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (body += chunk));
    req.on("end", () => {
      local.seen.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
      local.handler(req, res, body);
    });
  });
  await new Promise<void>((resolve) => local.server.listen(0, "127.0.0.1", resolve));
  local.port = (local.server.address() as AddressInfo).port;
  local.url = `http://127.0.0.1:${local.port}`;
  return local;
}

async function stopLocal(local: Local): Promise<void> {
  local.server.closeAllConnections();
  await new Promise((resolve) => local.server.close(resolve));
}

const sendJson = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void => {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
};

let main: Local;
let other: Local;

beforeAll(async () => {
  main = await startLocal((_req, res) => sendJson(res, 200, { uuid: CONTACT_UUID }));
  other = await startLocal((req, res) => sendJson(res, req.method === "POST" ? 201 : 200, { uuid: CONTACT_UUID, from: "other" }));
});

afterAll(async () => {
  await stopLocal(main);
  await stopLocal(other);
});

afterEach(() => {
  main.seen.length = 0;
  other.seen.length = 0;
  main.handler = (_req, res) => sendJson(res, 200, { uuid: CONTACT_UUID });
  vi.unstubAllEnvs();
});

const client = (options: GrinfiOptions = {}): Grinfi =>
  // A generous deadline: on a busy machine a call that should succeed must not end in a timeout; the timeout case sets its own.
  new Grinfi({ apiKey: API_KEY, baseUrl: main.url, timeoutMs: 10_000, retry: { maxRetries: 1, initialDelayMs: 1, maxDelayMs: 2 }, rateLimit: false, ...options });

/** Every rendering of a value someone might log. */
function renderings(value: unknown): Record<string, string> {
  const out: Record<string, string> = {
    json: JSON.stringify(value) ?? "",
    inspect: inspect(value),
    inspectDeep: inspect(value, { depth: 10, showHidden: true, getters: true }),
  };
  if (value instanceof Error) {
    out["message"] = value.message;
    out["string"] = String(value);
    out["stack"] = value.stack ?? "";
    out["causeChain"] = JSON.stringify(causes(value).map((cause) => (cause instanceof Error ? [cause.name, cause.message, cause.stack] : String(cause))));
  }
  return out;
}

const causes = (error: unknown): unknown[] => {
  const chain: unknown[] = [];
  for (let at = (error as { cause?: unknown }).cause; at !== undefined && chain.length < 10; at = (at as { cause?: unknown }).cause) chain.push(at);
  return chain;
};

/** In any case, or base64/base64url-encoded (see showsKey). */
function expectNoKey(value: unknown, label: string): void {
  for (const [how, text] of Object.entries(renderings(value))) {
    expect(showsKey(text, { key: API_KEY, token: API_KEY, how: "" }), `${label}: the key shows in ${how}`).toBe(false);
  }
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to fail");
}

describe("the key only goes to the configured base URL", () => {
  it("is sent, as a bearer token, to the base URL", async () => {
    await client().contacts.get({ uuid: CONTACT_UUID });
    expect(main.seen[0]?.headers.authorization).toBe(`Bearer ${API_KEY}`);
  });

  const redirects = [
    { status: 301, method: "GET" },
    { status: 302, method: "GET" },
    { status: 303, method: "GET" },
    { status: 307, method: "GET" },
    { status: 308, method: "GET" },
    { status: 302, method: "POST" },
    { status: 307, method: "POST" },
    { status: 308, method: "POST" },
  ] as const;

  it.each(redirects)("a $status redirect of a $method to another origin does not carry it", async ({ status, method }) => {
    main.handler = (req, res) => {
      res.writeHead(status, { location: `${other.url}${req.url ?? "/"}` });
      res.end();
    };
    const grinfi = client();
    const result = method === "GET" ? await grinfi.contacts.get({ uuid: CONTACT_UUID }) : await grinfi.linkedinMessages.send(MESSAGE);
    // fetch follows the redirect (the answer comes from the other server) and, per the Fetch standard,
    // drops Authorization when the redirect crosses origins.
    expect(result).toMatchObject({ from: "other" });
    expect(main.seen).toHaveLength(1);
    expect(main.seen[0]?.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(other.seen).toHaveLength(1);
    expect(other.seen[0]?.headers.authorization).toBeUndefined();
    expect(JSON.stringify(other.seen)).not.toContain(API_KEY);
  });

  it("a redirect to the same server under another host name (127.0.0.1 → localhost) is another origin too", async () => {
    main.handler = (req, res) => {
      if (req.url?.startsWith("/moved")) return sendJson(res, 200, { uuid: CONTACT_UUID, from: "moved" });
      res.writeHead(302, { location: `http://localhost:${main.port}/moved` });
      res.end();
    };
    await client().contacts.get({ uuid: CONTACT_UUID });
    expect(main.seen.map((seen) => [seen.url.startsWith("/moved"), seen.headers.authorization])).toEqual([
      [false, `Bearer ${API_KEY}`],
      [true, undefined],
    ]);
  });

  it("a chain of redirects that comes back to the base URL's origin does not get the key back from fetch", async () => {
    // main → other → main: once dropped at the cross-origin hop, Authorization is not restored.
    main.handler = (req, res) => {
      if (req.url === "/back") return sendJson(res, 200, { uuid: CONTACT_UUID, from: "back" });
      res.writeHead(302, { location: `${other.url}/hop` });
      res.end();
    };
    other.handler = (_req, res) => {
      res.writeHead(302, { location: `${main.url}/back` });
      res.end();
    };
    try {
      await client().contacts.get({ uuid: CONTACT_UUID });
    } finally {
      other.handler = (req, res) => sendJson(res, req.method === "POST" ? 201 : 200, { uuid: CONTACT_UUID, from: "other" });
    }
    expect(other.seen[0]?.headers.authorization).toBeUndefined();
    expect(main.seen.map((seen) => seen.headers.authorization)).toEqual([`Bearer ${API_KEY}`, undefined]);
  });

  const refused = [
    "http://example.com",
    "http://leadgen.grinfi.io",
    "http://10.0.0.1:8080",
    "http://192.168.1.10",
    "http://127.0.0.2",
    "http://0.0.0.0:4010",
    "http://localhost.evil.example",
    "http://127.0.0.1.nip.io",
    "http://localhost@evil.example",
    "http://evil.example#@127.0.0.1",
    "http://evil.example?@localhost",
    "ws://127.0.0.1:4010",
    "ftp://localhost",
    "file:///etc/passwd",
  ];

  it.each(refused)("refuses to send it over %s", (baseUrl) => {
    let error: unknown;
    try {
      new Grinfi({ apiKey: API_KEY, baseUrl });
    } catch (caughtError) {
      error = caughtError;
    }
    expect(error).toBeInstanceOf(GrinfiError);
    expect((error as Error).message).toMatch(/Refusing to send the API key/);
    expectNoKey(error, baseUrl);
  });

  const allowed = [
    ["http://localhost:4010", "http://localhost:4010"],
    ["http://LOCALHOST:4010/", "http://localhost:4010"],
    ["http://127.0.0.1", "http://127.0.0.1"],
    ["http://[::1]:4010", "http://[::1]:4010"],
    ["https://leadgen.grinfi.io/", "https://leadgen.grinfi.io"],
    ["https://proxy.example/grinfi/", "https://proxy.example/grinfi"],
  ];

  it.each(allowed)("allows %s", (baseUrl, normalized) => {
    expect(new Grinfi({ apiKey: API_KEY, baseUrl }).transport.baseUrl).toBe(normalized);
  });
});

describe("the key never shows up where it could be logged", () => {
  it("not in JSON.stringify / util.inspect of the client, with the key passed in or taken from GRINFI_API_KEY", () => {
    expectNoKey(client(), "client (apiKey option)");
    vi.stubEnv("GRINFI_API_KEY", API_KEY);
    const fromEnv = new Grinfi({ baseUrl: main.url });
    expectNoKey(fromEnv, "client (environment)");
    expectNoKey(fromEnv.transport, "transport");
    expectNoKey(fromEnv.contacts, "a resource");
    expectNoKey({ ...fromEnv.transport }, "a spread transport");
    expect(Object.values(fromEnv.transport).some((value) => value === API_KEY)).toBe(false);
  });

  const echoAll: Handler = (_req, res) => {
    res.writeHead(401, `Invalid token ${API_KEY}`, {
      "content-type": "application/json",
      "x-request-id": `req-${API_KEY}`,
      "www-authenticate": `Bearer realm="api", error="invalid_token", token="${API_KEY}"`,
    });
    res.end(JSON.stringify({ error: { reason: `bad ${API_KEY}`, message: `Invalid token Bearer ${API_KEY}`, data: { token: [API_KEY] } }, message: API_KEY, code: 401 }));
  };

  /** Scenarios that each end in an error; the server echoes the key wherever it can. */
  const scenarios: { name: string; handler: Handler; errorClass: typeof GrinfiError; call?: (grinfi: Grinfi) => Promise<unknown>; options?: GrinfiOptions }[] = [
    { name: "401 echoing the key in body, status text and headers", handler: echoAll, errorClass: AuthenticationError },
    {
      name: "401 echoing it lower-cased",
      handler: (_req, res) => sendJson(res, 401, { error: { reason: "invalid_token", message: `invalid token ${API_KEY.toLowerCase()}`, data: {} } }),
      errorClass: AuthenticationError,
    },
    {
      name: "401 echoing it upper-cased in a header and the status text",
      handler: (_req, res) => {
        res.writeHead(401, `BAD KEY ${API_KEY.toUpperCase()}`, { "x-request-id": `REQ-${API_KEY.toUpperCase()}` });
        res.end();
      },
      errorClass: AuthenticationError,
    },
    {
      name: "401 echoing it base64-encoded as a Basic pair (key:) and base64url (user:key)",
      handler: (_req, res) =>
        sendJson(
          res,
          401,
          { error: { reason: "invalid_token", message: `got Basic ${Buffer.from(`${API_KEY}:`).toString("base64")}`, data: {} } },
          { "www-authenticate": `Basic realm="api", token="${Buffer.from(`api:${API_KEY}`).toString("base64url")}"` },
        ),
      errorClass: AuthenticationError,
    },
    {
      name: "401 echoing the whole Authorization header base64-encoded, and percent-encoded",
      handler: (req, res) =>
        sendJson(res, 401, {
          error: { reason: Buffer.from(req.headers.authorization ?? "").toString("base64"), message: `token=${encodeURIComponent(req.headers.authorization ?? "")}`, data: {} },
        }),
      errorClass: AuthenticationError,
    },
    {
      name: "401 echoing it only in the status text and x-request-id",
      handler: (_req, res) => {
        res.writeHead(401, `Bad key ${API_KEY}`, { "x-request-id": API_KEY });
        res.end();
      },
      errorClass: AuthenticationError,
    },
    {
      name: "422 with the key in the field errors",
      handler: (_req, res) =>
        sendJson(res, 422, { error: { reason: "validation", message: "Invalid", data: { authorization: [`Bearer ${API_KEY} is not allowed`] } } }),
      errorClass: ValidationError,
      call: (grinfi) => grinfi.linkedinMessages.send(MESSAGE),
    },
    {
      name: "429 echoing it, with Retry-After",
      handler: (_req, res) => sendJson(res, 429, { message: `rate limited: ${API_KEY}` }, { "retry-after": "0", "x-request-id": API_KEY }),
      errorClass: RateLimitError,
    },
    {
      name: "500 HTML page echoing the request headers",
      handler: (req, res) => {
        res.writeHead(500, { "content-type": "text/html" });
        res.end(`<html><body><pre>${JSON.stringify(req.headers)}</pre></body></html>`);
      },
      errorClass: ServerError,
    },
    {
      name: "500 JSON with the key as the whole body",
      handler: (_req, res) => sendJson(res, 500, API_KEY),
      errorClass: ServerError,
    },
    {
      name: "200 that is not JSON, echoing the header",
      handler: (req, res) => {
        res.writeHead(200, { "content-type": "application/json", "x-request-id": API_KEY });
        res.end(`authorization: ${req.headers.authorization ?? ""}`);
      },
      errorClass: APIError,
    },
    {
      name: "connection reset",
      handler: (req) => req.socket.destroy(),
      errorClass: ConnectionError,
    },
    {
      name: "timeout",
      handler: () => undefined,
      errorClass: TimeoutError,
      options: { timeoutMs: 300 },
    },
    {
      name: "aborted by the caller",
      handler: () => undefined,
      errorClass: RequestAbortedError,
      call: (grinfi) => grinfi.contacts.get({ uuid: CONTACT_UUID }, { signal: AbortSignal.timeout(50) }),
      options: { timeoutMs: 5_000 },
    },
  ];

  it.each(scenarios)("not in the error of: $name", async ({ handler, errorClass, call, options }) => {
    main.handler = handler;
    const grinfi = client(options);
    const error = await caught(call ? call(grinfi) : grinfi.contacts.get({ uuid: CONTACT_UUID }));
    expect(error).toBeInstanceOf(errorClass);
    expectNoKey(error, "error");
  });

  it("not in the error when nothing listens (connection refused)", async () => {
    const closed = await startLocal(() => undefined);
    const url = closed.url;
    await stopLocal(closed);
    const error = await caught(client({ baseUrl: url }).contacts.get({ uuid: CONTACT_UUID }));
    expect(error).toBeInstanceOf(ConnectionError);
    expectNoKey(error, "connection refused");
  });

  it("not in the missing-key or refused-URL errors", () => {
    vi.stubEnv("GRINFI_API_KEY", "");
    let missing: unknown;
    try {
      new Grinfi({ baseUrl: main.url });
    } catch (error) {
      missing = error;
    }
    expect(missing).toBeInstanceOf(GrinfiError);
    expectNoKey(missing, "missing key");
  });

  it("redacts it where the server echoes it, instead of dropping the message", async () => {
    main.handler = echoAll;
    const error = (await caught(client().contacts.get({ uuid: CONTACT_UUID }))) as AuthenticationError;
    expect(error.message).toBe("Invalid token Bearer [redacted]");
    expect(error.reason).toBe("bad [redacted]");
    expect(error.data).toEqual({ token: ["[redacted]"] });
    expect(error.requestId).toBe("req-[redacted]");
  });

  it("not in what an onResponse hook sees of an error: status text, headers, body", async () => {
    main.handler = echoAll;
    const seen: string[] = [];
    const grinfi = client({
      onResponse: async (response) => {
        seen.push(response.statusText, JSON.stringify([...response.headers]), await response.clone().text());
      },
    });
    const error = await caught(grinfi.contacts.get({ uuid: CONTACT_UUID }));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(seen).toHaveLength(3); // a 401 is not retried: one response, three views of it
    expect(seen.join("\n")).not.toContain(API_KEY);
    expect(seen.join("\n")).toContain("[redacted]");
  });

  it("not in the headers or status text of a success, as a hook or the caller's onResponse sees them", async () => {
    main.handler = (_req, res) => {
      res.writeHead(200, `OK ${API_KEY.toLowerCase()}`, { "content-type": "application/json", "x-debug-token": Buffer.from(`Bearer ${API_KEY}`).toString("base64") });
      res.end(JSON.stringify({ uuid: CONTACT_UUID }));
    };
    const seen: string[] = [];
    const log = (response: Response): void => void seen.push(response.statusText, JSON.stringify([...response.headers]), response.url);
    const grinfi = client({ onResponse: log });
    expect(await grinfi.contacts.get({ uuid: CONTACT_UUID }, { onResponse: log })).toEqual({ uuid: CONTACT_UUID });
    expect(seen).toHaveLength(6);
    expect(seen.join("\n")).not.toContain(API_KEY.toLowerCase());
    expect(seen.join("\n")).not.toContain(Buffer.from(`Bearer ${API_KEY}`).toString("base64"));
    // The response keeps its URL for logging.
    expect(seen[2]).toBe(`${main.url}/leads/api/leads/${CONTACT_UUID}`);
  });

  it("a success's body is the caller's data and comes back as sent, even when it holds the key (as the README says)", async () => {
    // E.g. an operation that hands out a credential: redacting it would lose the caller's data.
    const body = { uuid: CONTACT_UUID, token: API_KEY, note: `Bearer ${API_KEY.toLowerCase()}`, encoded: Buffer.from(API_KEY).toString("base64") };
    main.handler = (_req, res) => sendJson(res, 200, body);
    expect(await client().contacts.get({ uuid: CONTACT_UUID })).toEqual(body);
  });

  it("property: a 401 echoing a random key in a random spelling, everywhere, shows it nowhere", async () => {
    let current = "";
    main.handler = (_req, res) => {
      res.writeHead(401, `Invalid token ${current}`, { "content-type": "application/json", "x-request-id": current, "www-authenticate": `Bearer error="invalid_token" ${current}` });
      res.end(JSON.stringify({ error: { reason: current, message: `Invalid token ${current}`, data: { [current]: [current] } }, message: current, code: 401 }));
    };
    await fc.assert(
      fc.asyncProperty(spelling(), surrounding, surrounding, async (spelled: Spelling, before, after) => {
        current = `${before}${spelled.token}${after}`;
        const hookViews: string[] = [];
        const grinfi = new Grinfi({
          apiKey: spelled.key,
          baseUrl: main.url,
          rateLimit: false,
          onResponse: async (response) => void hookViews.push(response.statusText, JSON.stringify([...response.headers]), await response.clone().text()),
        });
        const error = await caught(grinfi.contacts.get({ uuid: CONTACT_UUID }));
        expect(error).toBeInstanceOf(AuthenticationError);
        for (const [how, text] of [...Object.entries(renderings(error)), ["hook", hookViews.join("\n")]]) {
          expect(showsKey(text ?? "", spelled), `${spelled.how}: the key shows in ${how}: ${text}`).toBe(false);
        }
      }),
      { seed: Number(process.env.FC_SEED ?? 20_261_126), numRuns: 150 },
    );
  });

  it("debug hooks that log method, URL, status and request id have all they need without the key", async () => {
    const log: string[] = [];
    main.handler = (req, res) =>
      req.method === "POST" ? sendJson(res, 503, { message: "busy" }, { "x-request-id": "r-2" }) : sendJson(res, 200, { uuid: CONTACT_UUID }, { "x-request-id": "r-1" });
    const grinfi = client({
      onRequest: (request) => void log.push(`→ ${request.method} ${request.url} auth=${request.headers.has("authorization") ? "yes" : "no"}`),
      onResponse: (response, request) =>
        void log.push(`← ${response.status} ${request.method} ${new URL(request.url).pathname} id=${response.headers.get("x-request-id") ?? "-"}`),
    });
    await grinfi.contacts.get({ uuid: CONTACT_UUID });
    await caught(grinfi.linkedinMessages.send(MESSAGE));
    expect(log).toEqual([
      `→ GET ${main.url}/leads/api/leads/${CONTACT_UUID} auth=yes`,
      `← 200 GET /leads/api/leads/${CONTACT_UUID} id=r-1`,
      `→ POST ${main.url}/flows/api/linkedin-messages auth=yes`,
      `← 503 POST /flows/api/linkedin-messages id=r-2`,
    ]);
    expect(log.join("\n")).not.toContain(API_KEY);
  });
});

describe("the key is not in the recordings", () => {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else files.push(path);
    }
  };
  walk("spec/recordings");

  it("has recordings to check", () => {
    expect(files.filter((file) => file.endsWith(".json")).length).toBeGreaterThan(50);
  });

  it("no file holds this test's key, a bearer token, a live/test key or an unredacted credential header", () => {
    const problems: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, "utf8");
      if (text.includes(API_KEY)) problems.push(`${file}: the test key`);
      if (/\bgk_(?:live|test)_[A-Za-z0-9]{6,}/.test(text)) problems.push(`${file}: a gk_live_/gk_test_ key`);
      for (const match of text.matchAll(/\bBearer\s+([A-Za-z0-9._~+/=-]{8,})/gi)) {
        if (!/redacted|example|placeholder/i.test(match[1] ?? "")) problems.push(`${file}: Bearer ${(match[1] ?? "").slice(0, 4)}…`);
      }
      if (!file.endsWith(".json")) continue;
      const json = JSON.parse(text) as { request?: { headers?: Record<string, string> }; response?: { headers?: Record<string, string> } };
      for (const headers of [json.request?.headers, json.response?.headers]) {
        for (const [name, value] of Object.entries(headers ?? {})) {
          if (/^(authorization|proxy-authorization|cookie|set-cookie|x-api-key|api-key)$/i.test(name) && !/redacted/i.test(value)) {
            problems.push(`${file}: header ${name}`);
          }
        }
      }
      for (const finding of scanForPersonalData(json)) {
        if (finding.kind === "bearer-token" || finding.kind === "api-key" || finding.kind === "jwt") problems.push(`${file}${finding.pointer}: ${finding.kind}`);
      }
    }
    expect(problems).toEqual([]);
  });
});

describe("the published package's supply chain", () => {
  const pkg = JSON.parse(readFileSync("generated/package.json", "utf8")) as Record<string, unknown>;
  const INSTALL_SCRIPTS = ["preinstall", "install", "postinstall", "prepare", "preprepare", "postprepare", "prepublish"];

  it("runs no install scripts", () => {
    const scripts = Object.keys((pkg["scripts"] as Record<string, string> | undefined) ?? {});
    expect(scripts.filter((name) => INSTALL_SCRIPTS.includes(name))).toEqual([]);
    expect(pkg["gypfile"]).toBeUndefined();
  });

  it("has exactly one dependency, openapi-fetch, pinned, and no other kind of dependency", () => {
    expect(pkg["dependencies"]).toEqual({ "openapi-fetch": expect.stringMatching(/^\d+\.\d+\.\d+$/) });
    for (const field of ["peerDependencies", "optionalDependencies", "bundleDependencies", "bundledDependencies", "devDependencies"]) {
      expect(pkg[field], field).toBeUndefined();
    }
  });

  it("its installed dependency tree (openapi-fetch and what it pulls in) runs no install scripts either", () => {
    const seen = new Map<string, string>();
    const visit = (name: string): void => {
      if (seen.has(name)) return;
      const manifest = JSON.parse(readFileSync(join("node_modules", name, "package.json"), "utf8")) as {
        version: string;
        scripts?: Record<string, string>;
        dependencies?: Record<string, string>;
      };
      seen.set(name, manifest.version);
      expect(Object.keys(manifest.scripts ?? {}).filter((script) => INSTALL_SCRIPTS.slice(0, 3).includes(script)), name).toEqual([]);
      for (const dependency of Object.keys(manifest.dependencies ?? {})) visit(dependency);
    };
    visit("openapi-fetch");
    expect(seen.get("openapi-fetch")).toBe((pkg["dependencies"] as Record<string, string>)["openapi-fetch"]);
    expect(seen.size).toBeLessThanOrEqual(3);
  });
});
