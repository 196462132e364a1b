/** The MCP server's core (generator/mcp-runtime), module by module, without a process or a network. */
import { describe, expect, it } from "vitest";
import { ArgumentChecker } from "../../generator/mcp-runtime/arguments.ts";
import { describeOperation, findOperations, permission, words } from "../../generator/mcp-runtime/catalog.ts";
import { parseConfig } from "../../generator/mcp-runtime/config.ts";
import { annotationsFor, blockedEffects, refusal, type GuardedEffect } from "../../generator/mcp-runtime/effects.ts";
import { describeError, redactor, secretSpellings } from "../../generator/mcp-runtime/errors.ts";
import type { OperationSpec } from "../../generator/mcp-runtime/operations.ts";
import { toApiRequest } from "../../generator/mcp-runtime/request.ts";
import { selectOperations } from "../../generator/mcp-runtime/tools.ts";
import { withoutDescriptions } from "../../generator/mcp-runtime/listing.ts";
import { OPERATIONS } from "../../generated/mcp/src/operations.ts";
import { ConnectionError, NotFoundError, RateLimitError, ValidationError } from "../../generated/src/index.ts";

const operation = (name: string): OperationSpec => {
  const found = OPERATIONS.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no ${name}`);
  return found;
};
const allowing = (...effects: GuardedEffect[]): ReadonlySet<GuardedEffect> => new Set(effects);

describe("effects", () => {
  it("refuses what is not enabled, naming every missing flag and variable", () => {
    expect(refusal("searchContacts", ["read"], allowing())).toBeUndefined();
    expect(refusal("startAutomation", ["write", "send", "spend"], allowing("write", "send", "spend"))).toBeUndefined();
    const message = refusal("startAutomation", ["write", "send", "spend"], allowing("write"));
    expect(message).toMatch(/^Refused: startAutomation would reach real people .*; and spend the team's credits/);
    expect(message).toContain("--allow-send --allow-spend (or GRINFI_MCP_ALLOW_SEND=1 GRINFI_MCP_ALLOW_SPEND=1)");
    expect(blockedEffects(["write", "send", "spend", "destroy"], allowing("send"))).toEqual(["write", "spend", "destroy"]);
  });

  it("never lets through, nor calls read-only, an operation that declares no effects", () => {
    expect(blockedEffects([], allowing("write"))).toEqual(["send", "spend", "destroy", "reveal"]);
    expect(refusal("mystery", [], allowing())).toMatch(/^Refused: mystery would create and change workspace data/);
    expect(annotationsFor([], "GET")).toEqual({ readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true });
  });

  it("derives the four MCP hints from the effects and the method", () => {
    expect(annotationsFor(["read"], "POST")).toEqual({ readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false });
    expect(annotationsFor(["write"], "PUT")).toEqual({ readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false });
    expect(annotationsFor(["write"], "POST")).toMatchObject({ idempotentHint: false });
    expect(annotationsFor(["destroy"], "DELETE")).toEqual({ readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false });
    expect(annotationsFor(["send"], "PUT")).toEqual({ readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true });
    expect(annotationsFor(["write", "spend"], "PUT")).toMatchObject({ openWorldHint: true });
  });
});

describe("errors", () => {
  it("turns API errors into the status, the API's reason and message, and each field's messages", () => {
    const invalid = new ValidationError("The given data was invalid.", { status: 422, reason: "validation_failed", data: { text: ["The text field is required."] } });
    expect(describeError(invalid)).toBe("The Grinfi API answered 422 (validation_failed): The given data was invalid.\n- text: The text field is required.");
    expect(describeError(new NotFoundError("Record not found.", { status: 404, reason: "not_found" }))).toBe("The Grinfi API answered 404 (not_found): Record not found.");
    expect(describeError(new RateLimitError("Too many requests", { status: 429, retryAfterMs: 1500 }))).toMatch(/Try again in 2 s\.$/);
    expect(describeError(new ConnectionError("GET /x failed: no response"))).toBe("Could not reach the Grinfi API: GET /x failed: no response");
    expect(describeError(new RangeError('Filter "type": an empty list cannot be sent as a query'))).toMatch(/^Invalid arguments: /);
  });

  it("redacts the key as is, in any case, JSON- and URL-escaped, in hex, and in base64 at any alignment", () => {
    const key = "gk_live/Secret+Key=42";
    const redact = redactor(key);
    const spellings = [
      key,
      key.toUpperCase(),
      encodeURIComponent(key),
      Buffer.from(key).toString("hex"),
      Buffer.from(key).toString("base64"),
      Buffer.from(`Basic user:${key}`).toString("base64"),
      Buffer.from(`x${key}`).toString("base64url"),
      Buffer.from(`xy${key}`).toString("base64"),
    ];
    for (const spelling of spellings) {
      const text = redact(`echo: ${spelling} :end`);
      expect(text, spelling).toContain("[redacted]");
      expect(text).not.toContain(spelling);
    }
    expect(redact("nothing secret here")).toBe("nothing secret here");
    expect(redactor(undefined)("gk_live")).toBe("gk_live");
    expect(secretSpellings("abc").every((spelling) => spelling.length > 0)).toBe(true);
  });
});

describe("toApiRequest", () => {
  it("puts path, query and body arguments where the operation takes them", () => {
    const request = toApiRequest(operation("updateContact"), { uuid: "c-1", first_name: "Avery" });
    expect(request).toEqual({ method: "PUT", path: "/leads/api/leads/{uuid}", options: { params: { path: { uuid: "c-1" }, query: {} }, body: { first_name: "Avery" } } });
  });

  it("sends the filter as the operation does: in the body, as filter[…] pairs, or as JSON text", () => {
    expect(toApiRequest(operation("searchContacts"), { filter: { email_status: "ok" }, limit: 5 }).options.body).toEqual({ filter: { email_status: "ok" }, limit: 5 });
    const query = toApiRequest(operation("listTasks"), { filter: { status: ["closed"], executed_at: { ">=": "2026-07-01" } }, limit: 2 });
    expect(query.options.params?.query).toEqual({ limit: 2 });
    expect(query.options.filterQuery).toEqual([["filter[status][]", "closed"], ["filter[executed_at][>=]", "2026-07-01"]]);
    const json = toApiRequest(operation("listActivities"), { filter: { type: "email_replied" } });
    expect(json.options.params?.query).toEqual({ filter: '{"type":"email_replied"}' });
  });

  it("sends an optional body only when an argument goes in it", () => {
    expect(toApiRequest(operation("deleteMailbox"), { uuid: "m-1" }).options).not.toHaveProperty("body");
    expect(toApiRequest(operation("deleteMailbox"), { uuid: "m-1", automation_reassign_mailboxes: false }).options.body).toEqual({ automation_reassign_mailboxes: false });
  });
});

describe("catalog", () => {
  it("folds case, camelCase, plurals and the API's synonyms", () => {
    expect(words("Send LinkedIn messages to the leads of my campaigns")).toEqual(["send", "linkedin", "message", "contact", "automation"]);
  });

  it("finds the operation meant by a few words first", () => {
    const first = (query: string) => findOperations(OPERATIONS, query, 5)[0]?.name;
    expect(first("send a linkedin message")).toBe("sendLinkedinMessage");
    expect(first("search contacts")).toBe("searchContacts");
    expect(first("start campaign")).toBe("startAutomation");
    expect(first("enrich leads")).toBe("enrichContacts");
    expect(first("delete webhook")).toBe("deleteWebhook");
    expect(findOperations(OPERATIONS, "", 3)).toHaveLength(3);
    expect(findOperations(OPERATIONS, "zzzz", 3)).toEqual([]);
  });

  it("describes an operation with its effects, whether it is allowed, and its schema", () => {
    const text = describeOperation(operation("sendEmail"), allowing("write"));
    expect(text).toContain("POST /emails/api/emails/send-email");
    expect(text).toContain("Effects: send. Refused on this server until enabled with --allow-send (GRINFI_MCP_ALLOW_SEND=1).");
    expect(text).toContain('Arguments (JSON Schema): {"type":"object"');
    expect(permission(operation("sendEmail"), allowing("send"))).toBe("Allowed on this server.");
  });
});

describe("tool lists", () => {
  it("selects by category or tag, everything when neither is given", () => {
    expect(selectOperations(OPERATIONS, { categories: [], tags: [] })).toHaveLength(OPERATIONS.length);
    const chosen = selectOperations(OPERATIONS, { categories: ["Integrations"], tags: ["Notes"] });
    expect(new Set(chosen.map((o) => o.tag))).toEqual(new Set(["Webhooks", "Notes"]));
  });

  it("drops description keywords but keeps properties and data called description", () => {
    const schema = {
      type: "object",
      description: "drop",
      properties: { description: { type: "string", description: "drop", default: { description: "keep" } } },
      $defs: { a: { anyOf: [{ type: "string", description: "drop" }] } },
    };
    expect(withoutDescriptions(schema)).toEqual({
      type: "object",
      properties: { description: { type: "string", default: { description: "keep" } } },
      $defs: { a: { anyOf: [{ type: "string" }] } },
    });
  });
});

describe("parseConfig", () => {
  const env = { GRINFI_API_KEY: "k" };
  it("starts read-only in compact mode over stdio", () => {
    expect(parseConfig([], env, OPERATIONS)).toEqual({
      config: { mode: "compact", selection: { categories: [], tags: [] }, allowed: new Set(), transport: { kind: "stdio" }, apiKey: "k", baseUrl: undefined },
    });
  });

  it("enables each effect by its flag or its variable, and nothing else", () => {
    const result = parseConfig(["--allow-send"], { ...env, GRINFI_MCP_ALLOW_WRITE: "1", GRINFI_MCP_ALLOW_DESTROY: "0", GRINFI_MCP_ALLOW_SPEND: "" }, OPERATIONS);
    expect("config" in result && [...result.config.allowed]).toEqual(["write", "send"]);
  });

  it("reads mode, categories, tags, HTTP and base URL", () => {
    const result = parseConfig(["--mode", "full", "--category", "CRM,Messaging", "--tag", "Webhooks", "--http", "--port", "0"], { ...env, GRINFI_BASE_URL: "http://127.0.0.1:4010" }, OPERATIONS);
    expect(result).toMatchObject({ config: { mode: "full", selection: { categories: ["CRM", "Messaging"], tags: ["Webhooks"] }, transport: { kind: "http", port: 0 }, baseUrl: "http://127.0.0.1:4010" } });
  });

  it("says what is wrong: no key, an unknown flag, mode, category or tag, a bad port", () => {
    expect(parseConfig([], {}, OPERATIONS)).toEqual({ error: "GRINFI_API_KEY is not set: the server needs a Grinfi API key in its environment" });
    expect(parseConfig(["--allow-everything"], env, OPERATIONS)).toMatchObject({ error: expect.stringContaining("--allow-everything") });
    expect(parseConfig(["--mode", "huge"], env, OPERATIONS)).toEqual({ error: '--mode must be compact or full, not "huge"' });
    expect(parseConfig(["--category", "Sales"], env, OPERATIONS)).toMatchObject({ error: expect.stringMatching(/^no category "Sales"; the categories are Account, CRM/) });
    expect(parseConfig(["--tag", "Leads"], env, OPERATIONS)).toMatchObject({ error: expect.stringMatching(/^no tag "Leads"/) });
    expect(parseConfig(["--port", "http"], env, OPERATIONS)).toEqual({ error: '--port must be a port number, not "http"' });
  });
});

describe("ArgumentChecker", () => {
  const checker = new ArgumentChecker();
  it("accepts arguments the operation's schema allows", () => {
    expect(checker.check(operation("searchContacts"), { filter: { email_status: "ok", created_at: { ">=": "2026-01-01" }, work_email: "is_not_null" }, limit: 10 })).toBeUndefined();
  });

  it("names unknown properties with the known ones, missing required ones, and values outside an enum", () => {
    expect(checker.check(operation("searchContacts"), { limt: 10 })).toMatch(/^Invalid arguments for searchContacts:\n- arguments: unknown property "limt"; known: filter, limit, offset/);
    expect(checker.check(operation("sendLinkedinMessage"), { text: "Hi" })).toContain('- arguments: "sender_profile_uuid" is required');
    expect(checker.check(operation("createPipelineStage"), { name: "Won", object: "deal", category: "positive" }))
      .toContain('- object: must be one of "lead", "company"');
  });

  it("reports a filter condition that fits none of its forms once, not once per form", () => {
    const message = checker.check(operation("searchContacts"), { filter: { connections_number: { "~": 5 } } }) ?? "";
    expect(message.split("\n")).toEqual(["Invalid arguments for searchContacts:", "- filter.connections_number: fits none of the forms its schema allows"]);
  });
});
