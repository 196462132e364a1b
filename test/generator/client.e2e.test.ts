import { createServer, type IncomingMessage, type Server } from "node:http";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  AuthenticationError, Grinfi, NotFoundError, RateLimitError, ServerError, ValidationError, isTaskStatus, TASK_STATUSES,
  parseWebhookEvent, WebhookParseError,
} from "../../generated/src/index.ts";
import { listenLocally } from "../helpers/local-server.ts";

/** The generated package, driven over real HTTP against a local server that records what it receives. */
interface Received { method: string; url: URL; body: unknown; auth: string | undefined }
type Reply = { status: number; body?: unknown; headers?: Record<string, string> };

let server: Server;
let baseUrl: string;
let received: Received[] = [];
let replies: ((request: Received) => Reply)[] = [];

beforeAll(async () => {
  server = createServer(async (req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    const request = { method: req.method!, url: new URL(req.url!, "http://127.0.0.1"), body: text ? JSON.parse(text) : undefined, auth: req.headers.authorization };
    received.push(request);
    const reply: Reply = (replies.shift() ?? (() => ({ status: 200, body: {} })))(request);
    res.writeHead(reply.status, { "content-type": "application/json", ...reply.headers });
    res.end(reply.body === undefined ? "" : JSON.stringify(reply.body));
  });
  baseUrl = await listenLocally(server);
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  received = [];
  replies = [];
});

const client = (options: ConstructorParameters<typeof Grinfi>[0] = {}) =>
  new Grinfi({ apiKey: "test-key-123", baseUrl, retry: { initialDelayMs: 1, maxDelayMs: 5 }, ...options });
const page = (data: unknown[], offset: number, total: number) => ({ status: 200, body: { data, limit: data.length, offset, total, has_more: offset + data.length < total } });

describe("generated client over HTTP", () => {
  it("sends a body filter built with the typed builder, and the bearer key", async () => {
    replies.push(() => page([], 0, 0));
    const grinfi = client();
    await grinfi.contacts.search({
      filter: grinfi.contacts.filters.search().where("email_status", "=", "ok").isNotNull("work_email").where("connections_number", ">=", 500),
      limit: 50,
    });
    const [request] = received;
    expect(request!.method).toBe("POST");
    expect(request!.url.pathname).toBe("/leads/api/leads/search");
    expect(request!.auth).toBe("Bearer test-key-123");
    expect(request!.body).toEqual({ limit: 50, filter: { email_status: { "=": "ok" }, work_email: "is_not_null", connections_number: { ">=": 500 } } });
  });

  it("sends a query filter as filter[field] parameters", async () => {
    replies.push(() => page([], 0, 0));
    const grinfi = client();
    await grinfi.tasks.list({
      filter: grinfi.tasks.filters.list().equals("status", "closed").where("executed_at", ">=", "2026-01-01").in("type", ["email_send_message", "linkedin_send_message"]),
      limit: 10,
    });
    const url = received[0]!.url;
    expect(url.pathname).toBe("/flows/api/tasks");
    expect(url.searchParams.get("limit")).toBe("10");
    expect(url.searchParams.get("filter[status]")).toBe("closed");
    expect(url.searchParams.get("filter[executed_at][>=]")).toBe("2026-01-01");
    expect(url.searchParams.getAll("filter[type][]")).toEqual(["email_send_message", "linkedin_send_message"]);
  });

  it("sends the activities filter as JSON text in one query parameter", async () => {
    replies.push(() => page([], 0, 0));
    const grinfi = client();
    await grinfi.activities.list({ filter: { type: "email_replied", created_at: { ">=": "2026-04-01" } } });
    const url = received[0]!.url;
    expect(url.pathname).toBe("/leads/api/activities");
    expect(JSON.parse(url.searchParams.get("filter")!)).toEqual({ type: "email_replied", created_at: { ">=": "2026-04-01" } });
  });

  it("fills path parameters and sends a discriminated mass action", async () => {
    replies.push(() => ({ status: 204 }), () => ({ status: 200 }));
    const grinfi = client();
    await grinfi.automations.start({ flowUuid: "3a4ac30b-1321-449c-9b37-e9fe3174e00e" });
    await grinfi.contacts.massAction({ type: "contact_add_tags", filter: { ids: ["b27f3cfc-84a0-4fb8-956b-91d032f9c523"] }, payload: { tag_uuid: "0f3f6a4c-1b9a-4a51-9e0a-5f7b8c2d1e11" } });
    expect(received[0]!.method).toBe("PUT");
    expect(received[0]!.url.pathname).toBe("/flows/api/flows/3a4ac30b-1321-449c-9b37-e9fe3174e00e/start");
    expect(received[1]!.body).toMatchObject({ type: "contact_add_tags", payload: { tag_uuid: "0f3f6a4c-1b9a-4a51-9e0a-5f7b8c2d1e11" } });
  });

  it("walks every page lazily with the …All iterator and stops on has_more", async () => {
    const items = Array.from({ length: 5 }, (_, i) => ({ uuid: `00000000-0000-4000-8000-00000000000${i}` }));
    replies.push(
      (r) => page(items.slice(0, 2), Number(r.url.searchParams.get("offset")), 5),
      (r) => page(items.slice(2, 4), Number(r.url.searchParams.get("offset")), 5),
      (r) => page(items.slice(4), Number(r.url.searchParams.get("offset")), 5),
    );
    const seen: string[] = [];
    for await (const task of client().tasks.listAll({ limit: 2 })) seen.push(task.uuid);
    expect(seen).toEqual(items.map((i) => i.uuid));
    expect(received.map((r) => [r.url.searchParams.get("limit"), r.url.searchParams.get("offset")])).toEqual([["2", "0"], ["2", "2"], ["2", "4"]]);
  });

  it("maps statuses to error classes carrying the envelope, without the key", async () => {
    const envelope = (status: number, reason: string) => ({ error: { reason, message: `${reason} happened`, data: status === 422 ? { name: ["The name field is required."] } : {} }, message: "x", code: status });
    replies.push(
      () => ({ status: 401, body: envelope(401, "auth_exception") }),
      () => ({ status: 404, body: envelope(404, "not_found") }),
      () => ({ status: 422, body: envelope(422, "validation_error") }),
    );
    const grinfi = client({ retry: { maxRetries: 0 } });
    const uuid = "b27f3cfc-84a0-4fb8-956b-91d032f9c523";
    await expect(grinfi.contacts.get({ uuid })).rejects.toBeInstanceOf(AuthenticationError);
    await expect(grinfi.contacts.get({ uuid })).rejects.toBeInstanceOf(NotFoundError);
    const error = await grinfi.lists.create({ name: "" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fieldErrors).toEqual({ name: ["The name field is required."] });
    expect(JSON.stringify(error)).not.toContain("test-key-123");
    expect(String((error as Error).stack)).not.toContain("test-key-123");
  });

  it("retries a GET after 429 with Retry-After, but never re-sends a POST after a 500", async () => {
    replies.push(() => ({ status: 429, headers: { "retry-after": "0" }, body: {} }), () => ({ status: 200, body: { uuid: "x" } }));
    await client().contacts.get({ uuid: "b27f3cfc-84a0-4fb8-956b-91d032f9c523" });
    expect(received).toHaveLength(2);

    received = [];
    replies.push(() => ({ status: 500, body: {} }), () => ({ status: 200, body: {} }));
    await expect(client().linkedinMessages.send({ sender_profile_uuid: "b27f3cfc-84a0-4fb8-956b-91d032f9c523", lead_uuid: "3a4ac30b-1321-449c-9b37-e9fe3174e00e", text: "Hi" } as never)).rejects.toBeInstanceOf(ServerError);
    expect(received).toHaveLength(1);
  });

  it("gives up on a 429 storm after the configured attempts with a RateLimitError", async () => {
    for (let i = 0; i < 3; i++) replies.push(() => ({ status: 429, headers: { "retry-after": "0" }, body: {} }));
    await expect(client({ retry: { maxRetries: 2, initialDelayMs: 1 } }).teams.list()).rejects.toBeInstanceOf(RateLimitError);
    expect(received).toHaveLength(3);
  });

  it("exposes the raw response per call and the raw openapi-fetch client", async () => {
    replies.push(() => ({ status: 200, body: { id: 1 }, headers: { "x-request-id": "req-1" } }));
    let requestId: string | null = null;
    await client().user.getCurrent({}, { onResponse: (response) => (requestId = response.headers.get("x-request-id")) });
    expect(requestId).toBe("req-1");
    replies.push(() => ({ status: 200, body: { id: 2 } }));
    const { data } = await client().raw.GET("/id/api/users/current");
    expect(data).toEqual({ id: 2 });
  });
});

describe("generated enums and webhooks", () => {
  it("exports frozen value arrays and type guards", () => {
    expect(TASK_STATUSES).toContain("skipped");
    expect(Object.isFrozen(TASK_STATUSES)).toBe(true);
    expect(isTaskStatus("closed")).toBe(true);
    expect(isTaskStatus("nope")).toBe(false);
  });

  it("parses a webhook delivery and rejects malformed ones clearly", () => {
    expect(() => parseWebhookEvent("{not json")).toThrow(WebhookParseError);
    expect(() => parseWebhookEvent({ event_name: "no_such_event" })).toThrow(/Unknown webhook event "no_such_event"/);
    expect(() => parseWebhookEvent({ event_name: "contact_replied_email" })).toThrow(/lacks/);
  });

  it("accepts a valid delivery, as text or parsed, and returns it whole (fields it does not check included)", () => {
    const delivery = {
      event_name: "contact_replied_email",
      contact: { uuid: "3f6c2a1e-8b4d-4c7a-9e2f-1a5b7c9d0e11", first_name: "Avery" },
      sender_profile: { uuid: "2e8f4a6c-1b3d-4f5e-a7c9-8d0e2f4a6b15" },
      email: { subject: "Re: Following up", from_email: "avery@example.com" },
      delivered_by: "a field this version does not know",
    };
    const event = parseWebhookEvent(JSON.stringify(delivery));
    expect(event).toEqual(delivery);
    expect(parseWebhookEvent(delivery)).toEqual(delivery);
    // Narrowed on event_name, the event's own fields are there to read.
    if (event.event_name !== "contact_replied_email") throw new Error("expected a contact_replied_email event");
    expect(event.email).toMatchObject({ subject: "Re: Following up" });
  });
});
