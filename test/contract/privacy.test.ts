import { describe, expect, it } from "vitest";
import { IdMap, redact, scanForPersonalData, type PrivacyFinding } from "../../generator/runtime/privacy.ts";

// Test values are deliberately unreal: reserved domains outside our allow-list (.localhost, .internal),
// numbers from the UK and Australian ranges set aside for fiction, slugs and keys made up for this file.
const FOREIGN_EMAIL = "dana.whitfield@mail.localhost";
const UK_DRAMA_PHONE = "+44 20 7946 0958";
const AU_FICTION_PHONE = "+61 491 570 156";
const API_KEY = "gk_live_9f8e7d6c5b4a39281706abcd";
const JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ0ZXN0LW9ubHkifQ.c2lnbmF0dXJlLWZvci10ZXN0cw";

function kindsAt(findings: PrivacyFinding[]): string[] {
  return findings.map((f) => `${f.pointer} ${f.kind}`);
}

describe("scanForPersonalData", () => {
  it("finds each kind at the pointer of the value holding it", () => {
    const document = {
      contact: { work_email: FOREIGN_EMAIL, work_phone_number: UK_DRAMA_PHONE, linkedin: "qx-test-slug-3141" },
      notes: [{ text: `Call me on ${AU_FICTION_PHONE} tomorrow` }],
      session: { value: `token ${JWT}` },
      request: { header: "Authorization: Bearer abcdef0123456789ghij" },
      mailbox: { smtp_password: "hunter2-for-tests", api_key: API_KEY },
      profile_url: "https://www.linkedin.com/in/qx-7f3a9",
      raw: "member ACoAAB1x2y3z4w5v6u7t8s",
    };
    expect(kindsAt(scanForPersonalData(document))).toEqual([
      "/contact/work_email email",
      "/contact/work_phone_number phone",
      "/contact/linkedin linkedin-id",
      "/notes/0/text phone",
      "/session/value jwt",
      "/request/header bearer-token",
      "/mailbox/smtp_password api-key",
      "/mailbox/api_key api-key",
      "/profile_url linkedin-id",
      "/raw linkedin-id",
    ]);
  });

  it("starts pointers at the given base and escapes keys", () => {
    expect(kindsAt(scanForPersonalData({ "a/b": FOREIGN_EMAIL }, "/response/body"))).toEqual(["/response/body/a~1b email"]);
    expect(kindsAt(scanForPersonalData(FOREIGN_EMAIL))).toEqual([" email"]);
  });

  it("never puts the whole value in the excerpt", () => {
    const secrets = [FOREIGN_EMAIL, UK_DRAMA_PHONE, API_KEY, JWT, "abcdef0123456789ghij", "qx-test-slug-3141"];
    const findings = scanForPersonalData({ email: FOREIGN_EMAIL, phone: UK_DRAMA_PHONE, token: API_KEY, jwt: JWT, auth: "Bearer abcdef0123456789ghij", linkedin: "qx-test-slug-3141" });
    expect(findings).toHaveLength(6);
    for (const finding of findings) {
      for (const secret of secrets) expect(finding.excerpt).not.toContain(secret);
    }
    expect(findings[0]?.excerpt).toBe("d***@mail.localhost");
  });

  it("passes reserved email domains and their subdomains", () => {
    const emails = ["a@example.com", "b@example.org", "c@example.net", "d@mail.example.com", "e@acme.example", "f@x.test", "g@nowhere.invalid"];
    expect(scanForPersonalData({ emails })).toEqual([]);
    expect(kindsAt(scanForPersonalData({ emails: ["h@example.com.localhost", "i@notexample.com.internal"] }))).toEqual(["/emails/0 email", "/emails/1 email"]);
  });

  it("passes the fictional phone range in any formatting, and nothing next to it", () => {
    const phones = ["+1 555 0100", "+15550199", "+1 (415) 555-0142", "555-0150", "1-555-0123"];
    expect(scanForPersonalData({ phone: phones })).toEqual([]);
    expect(kindsAt(scanForPersonalData({ phone: ["+1 555 0200", "+1 555 0099"] }))).toEqual(["/phone/0 phone", "/phone/1 phone"]);
  });

  it("does not take ids, dates, timestamps or amounts for phone numbers", () => {
    const document = {
      uuid: "3f6c2a1e-8b4d-4c7a-9e2f-1a5b7c9d0e11",
      created_at: "2026-04-01T10:00:00.000000Z",
      date: "01.04.2026",
      team_id: 12345678,
      count: 987654321,
      external_id: "1234567890",
      ip: "192.168.100.200",
      years: "2020-2026",
      amount: "1 000 000",
      price: "1234.5678",
      text: "Sent 1234567 messages at 10:30:15, see ticket 20260401123456",
      path: "/leads/api/leads/3f6c2a1e-8b4d-4c7a-9e2f-1a5b7c9d0e11",
    };
    expect(scanForPersonalData(document)).toEqual([]);
  });

  it("judges bare digits and numbers as phones only in fields named for phones", () => {
    expect(kindsAt(scanForPersonalData({ personal_phone_number: "442079460958", mobile: 442079460958, other: 442079460958 }))).toEqual([
      "/personal_phone_number phone",
      "/mobile phone",
    ]);
  });

  it("passes LinkedIn slugs marked as examples, listed ones and company pages", () => {
    const document = {
      linkedin: "dana-whitfield-example",
      linkedin_id: "example-jane",
      people: ["https://www.linkedin.com/in/jane-doe", "https://linkedin.com/in/example-sam/", "https://www.linkedin.com/company/northwind-analytics"],
      search: "https://www.linkedin.com/sales/search/people?query=example",
      urn: "urn:li:member:example-1",
    };
    expect(scanForPersonalData(document)).toEqual([]);
    expect(kindsAt(scanForPersonalData({ urn: "urn:li:member:31415926", linkedin: "examples-are-not-enough" }))).toEqual(["/urn linkedin-id", "/linkedin linkedin-id"]);
  });

  it("passes placeholders, ids and dates in secret-named fields, and plain words", () => {
    const document = {
      smtp_password: "example-app-password",
      imap_password: "********",
      api_key: "YOUR_API_KEY",
      token: "[redacted]",
      external_access_key: "lb_ak_EXAMPLE0key0for0docs0only0000000000000",
      token_type: "bearer",
      access_token_expires_at: "2026-04-01T10:00:00Z",
      api_key_uuid: "3f6c2a1e-8b4d-4c7a-9e2f-1a5b7c9d0e11",
      header: "Bearer YOUR_API_KEY",
      linkedin_password: null,
    };
    expect(scanForPersonalData(document)).toEqual([]);
  });

  it("finds a secret in a URL's query and a known secret repeated elsewhere", () => {
    const document = {
      external_access_key: API_KEY,
      cloud_browser_url: `https://leadgen.example.com/cloud-browser/public/${API_KEY}`,
      target_url: "https://hooks.example.com/in?channel=ops&access_token=0a1b2c3d4e5f6a7b8c9d",
    };
    expect(kindsAt(scanForPersonalData(document))).toEqual(["/external_access_key api-key", "/cloud_browser_url api-key", "/target_url api-key"]);
  });
});

describe("redact", () => {
  const contact = {
    uuid: "3F6C2A1E-8B4D-4C7A-9E2F-1A5B7C9D0E11",
    team_id: 4812,
    list_uuid: "6a1d4e2b-3c5f-4a8e-b7d9-2e4f6a8c0b12",
    first_name: "Dana",
    work_email: FOREIGN_EMAIL,
    personal_email: "dana@example.org",
    work_phone_number: UK_DRAMA_PHONE,
    linkedin: "qx-test-slug-3141",
    avatar_url: `https://cdn.example.com/${"3f6c2a1e-8b4d-4c7a-9e2f-1a5b7c9d0e11"}.png`,
    notes: [`Reach ${FOREIGN_EMAIL} or ${AU_FICTION_PHONE}`],
    mailbox: { smtp_password: "hunter2-for-tests", auth: `Bearer ${API_KEY}`, link: `https://app.example.com/k/${API_KEY}` },
    jwt: JWT,
    counts: { "6a1d4e2b-3c5f-4a8e-b7d9-2e4f6a8c0b12": 3 },
    connections_number: 500,
  };
  const message = {
    uuid: "9c8b7a6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d",
    lead_uuid: "3f6c2a1e-8b4d-4c7a-9e2f-1a5b7c9d0e11",
    team_id: 4812,
    origin: `Replied from ${FOREIGN_EMAIL}`,
  };

  it("leaves nothing for the scanner to find", () => {
    expect(scanForPersonalData(contact).length).toBeGreaterThanOrEqual(8);
    expect(scanForPersonalData(redact(contact, new IdMap()))).toEqual([]);
  });

  it("replaces each kind with its synthetic form and keeps what is not personal", () => {
    const redacted = redact(contact, new IdMap()) as typeof contact;
    expect(redacted).toMatchObject({
      uuid: "00000000-0000-4000-8000-000000000001",
      team_id: 1001,
      list_uuid: "00000000-0000-4000-8000-000000000002",
      first_name: "Person 1",
      work_email: "person-1@example.com",
      personal_email: "dana@example.org",
      work_phone_number: "+1 555 0100",
      linkedin: "example-profile-1",
      avatar_url: "https://cdn.example.com/00000000-0000-4000-8000-000000000001.png",
      notes: ["Reach person-1@example.com or +1 555 0101"],
      mailbox: { smtp_password: "[redacted]", auth: "Bearer [redacted]", link: "https://app.example.com/k/[redacted]" },
      jwt: "[redacted]",
      counts: { "00000000-0000-4000-8000-000000000002": 3 },
      connections_number: 500,
    });
    expect(contact.work_email).toBe(FOREIGN_EMAIL); // a copy: the input is untouched
  });

  it("maps the same originals to the same values across documents, so relations survive", () => {
    const ids = new IdMap();
    const redactedContact = redact(contact, ids) as typeof contact;
    const redactedMessage = redact(message, ids) as typeof message;
    expect(redactedMessage.lead_uuid).toBe(redactedContact.uuid);
    expect(redactedMessage.team_id).toBe(redactedContact.team_id);
    expect(redactedMessage.origin).toBe(`Replied from ${redactedContact.work_email}`);
    expect(redactedMessage.uuid).not.toBe(redactedContact.uuid);
  });

  it("reads a query key by the field in its brackets", () => {
    const ids = new IdMap();
    const redactedContact = redact(contact, ids) as typeof contact;
    const query = { "filter[team_id]": "4812", "filter[lead_uuid][]": [message.lead_uuid], "filter[personal_phone_number]": "442079460958", "filter[api_key]": API_KEY };
    expect(kindsAt(scanForPersonalData(query))).toEqual(["/filter[personal_phone_number] phone", "/filter[api_key] api-key"]);
    expect(redact(query, ids)).toEqual({
      "filter[team_id]": String(redactedContact.team_id),
      "filter[lead_uuid][]": [redactedContact.uuid],
      "filter[personal_phone_number]": redactedContact.work_phone_number, // the same number, written differently
      "filter[api_key]": "[redacted]",
    });
  });

  it("is deterministic for the same documents in the same order", () => {
    const first = new IdMap();
    const second = new IdMap();
    expect([redact(contact, first), redact(message, first)]).toEqual([redact(contact, second), redact(message, second)]);
  });
});

describe("names of people and free text", () => {
  const lead = {
    first_name: "Dana",
    last_name: "Whitfield",
    name: "Dana Whitfield",
    headline: "Head of Growth at Quillfeather",
    company_name: "Quillfeather",
  };
  const list = { name: "Q3 shortlist", contacts: 12 };
  const message = { sender_name: "Dana Whitfield", text: "Hi Ilse, thanks for the intro", subject: "Intro", status: "sent" };

  it("are findings only when the scan is strict, at the field that holds them", () => {
    expect(scanForPersonalData({ lead, list, message })).toEqual([]);
    expect(kindsAt(scanForPersonalData({ lead, list, message }, "", { strict: true }))).toEqual([
      "/lead/first_name name",
      "/lead/last_name name",
      "/lead/name name",
      "/lead/headline free-text",
      "/message/sender_name name",
      "/message/text free-text",
      "/message/subject free-text",
    ]);
  });

  it("are replaced by redact, the same name by the same stand-in, so that a strict scan passes", () => {
    const ids = new IdMap();
    const redacted = redact({ lead, list, message }, ids) as { lead: typeof lead; list: typeof list; message: typeof message };
    expect(redacted.lead).toEqual({
      first_name: "Person 1",
      last_name: "Person 2",
      name: "Person 3",
      headline: "[redacted text]",
      company_name: "Quillfeather",
    });
    expect(redacted.message).toEqual({ sender_name: "Person 3", text: "[redacted text]", subject: "[redacted text]", status: "sent" });
    // `name` is a person's name only in a person's record: a list keeps its own.
    expect(redacted.list).toEqual(list);
    expect(scanForPersonalData(redacted, "", { strict: true })).toEqual([]);
    expect(JSON.stringify(redacted)).not.toMatch(/Dana|Whitfield|Ilse/);
  });

  it("leave empty and null values alone", () => {
    expect(redact({ first_name: "", last_name: null, text: "" }, new IdMap())).toEqual({ first_name: "", last_name: null, text: "" });
  });
});

describe("IdMap", () => {
  it("gives each original one synthetic value, by kind and in order of first sight", () => {
    const ids = new IdMap();
    expect(ids.map("6a1d4e2b-3c5f-4a8e-b7d9-2e4f6a8c0b12")).toBe("00000000-0000-4000-8000-000000000001");
    expect(ids.map("42")).toBe("1001");
    expect(ids.map("9c8b7a6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d")).toBe("00000000-0000-4000-8000-000000000002");
    expect(ids.map("6A1D4E2B-3C5F-4A8E-B7D9-2E4F6A8C0B12")).toBe("00000000-0000-4000-8000-000000000001");
    expect(ids.map("42")).toBe("1001");
    expect(ids.map("conversation-abc")).toBe("id-1");
  });
});
