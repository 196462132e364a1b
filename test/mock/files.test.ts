import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMockServer, type MockServer } from "../../generator/src/mock/index.ts";
import { fixtureApi } from "./helpers.ts";

/**
 * The mock over real HTTP with the file operations: multipart uploads checked part by part against the spec
 * (field names, required parts, files sent as files, JSON parts parsed and checked), and the CSV download answered
 * as text/csv. The fixture recordings hold none of these operations, so the answers come from the spec's examples.
 */
let mock: MockServer;

beforeAll(async () => {
  mock = await startMockServer({ api: await fixtureApi() });
});
afterAll(() => mock.close());

const CSV = "first_name,last_name,work_email\nAvery,Quinn,avery.quinn@example.com\n";
const csvFile = () => new Blob([CSV], { type: "text/csv" });

async function send(path: string, body: FormData | string, contentType?: string) {
  const response = await fetch(`${mock.url}${path}`, {
    method: "POST",
    headers: { authorization: "Bearer test-token", ...(contentType && { "content-type": contentType }) },
    body,
  });
  const text = await response.text();
  const json: unknown = response.headers.get("content-type")?.includes("json") && text ? JSON.parse(text) : undefined;
  const fields = (json as { error?: { data?: Record<string, string[]> } } | undefined)?.error?.data ?? {};
  return { status: response.status, contentType: response.headers.get("content-type"), text, json, fields };
}

function csvForm(parts: { file?: Blob | string; type?: string; extra?: [string, string] } = {}): FormData {
  const form = new FormData();
  const file = "file" in parts ? parts.file : csvFile();
  if (typeof file === "string") form.append("file", file);
  else if (file) form.append("file", file, "contacts.csv");
  const type = "type" in parts ? parts.type : "csv_leads";
  if (type !== undefined) form.append("type", type);
  if (parts.extra) form.append(...parts.extra);
  return form;
}

describe("multipart uploads", () => {
  it("accepts a CSV upload with its file and type, and answers the documented record", async () => {
    const reply = await send("/leads/api/file-imports/upload-csv", csvForm());
    expect(reply.status).toBe(200);
    expect(reply.json).toMatchObject({ uuid: "5b1d7e93-0c4a-4f62-8e19-a3d6b2c70f48", type: "csv_leads" });
  });

  it("names a missing required part", async () => {
    const reply = await send("/leads/api/file-imports/upload-csv", csvForm({ file: undefined }));
    expect(reply.status).toBe(422);
    expect(reply.fields.file).toEqual(["The file field is required."]);
  });

  it("rejects a file part sent as a plain field, and a field the form does not take", async () => {
    const reply = await send("/leads/api/file-imports/upload-csv", csvForm({ file: CSV, extra: ["delimiter", ";"] }));
    expect(reply.status).toBe(422);
    expect(reply.fields.file).toEqual(["The file field must be a file."]);
    expect(reply.fields.delimiter?.[0]).toContain("not part of this form; it takes: file, type");
  });

  it("checks a text part against its schema: type must be csv_leads", async () => {
    const reply = await send("/leads/api/file-imports/upload-csv", csvForm({ type: "xlsx_leads" }));
    expect(reply.status).toBe(422);
    expect(Object.keys(reply.fields)).toEqual(["type"]);
  });

  it("rejects a JSON body where the spec takes a form, and a body that is not valid multipart", async () => {
    const json = await send("/leads/api/file-imports/upload-csv", JSON.stringify({ type: "csv_leads" }), "application/json");
    expect(json.status).toBe(422);
    expect(json.fields.body?.[0]).toContain("must be multipart/form-data (got application/json)");
    const broken = await send("/leads/api/file-imports/upload-csv", "not a form", "multipart/form-data; boundary=xyz");
    expect(broken.status).toBe(422);
    expect(broken.fields.body).toEqual(["The body is not valid multipart/form-data."]);
  });

  it("parses a JSON part and checks it: an attachment's payload needs its name, size and type", async () => {
    const form = new FormData();
    form.append("attachment", new Blob(["Pricing overview"], { type: "text/plain" }), "pricing-2026.txt");
    form.append("payload", JSON.stringify({ name: "pricing-2026.txt", size: "16", type: "text/plain" }));
    expect((await send("/flows/api/attachments", form)).status).toBe(201);

    const missingSize = new FormData();
    missingSize.append("attachment", new Blob(["Pricing overview"]), "pricing-2026.txt");
    missingSize.append("payload", JSON.stringify({ name: "pricing-2026.txt", type: "text/plain" }));
    const reply = await send("/flows/api/attachments", missingSize);
    expect(reply.status).toBe(422);
    expect(Object.keys(reply.fields).join(" ")).toContain("payload");

    const notJson = new FormData();
    notJson.append("attachment", new Blob(["x"]), "x.txt");
    notJson.append("payload", "{name: pricing}");
    expect((await send("/flows/api/attachments", notJson)).fields.payload).toEqual(["The payload field must be valid JSON."]);
  });
});

describe("the CSV download", () => {
  it("answers the file as text/csv, the text itself rather than a JSON string", async () => {
    const reply = await send("/leads/api/file-exports/download", JSON.stringify({ file_name: "contacts-export-2026-04-14.csv" }), "application/json");
    expect(reply.status).toBe(200);
    expect(reply.contentType).toBe("text/csv");
    expect(reply.text.split("\n")[0]).toBe("first_name,last_name,work_email");
    expect(reply.text.startsWith('"')).toBe(false);
  });
});
