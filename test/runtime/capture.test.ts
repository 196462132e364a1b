import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { scanRecording } from "../../generator/runtime/privacy.ts";
import { Grinfi, type CapturedRecording, type GrinfiOptions } from "../../generated/src/index.ts";
import { closeServer, listenLocally } from "../helpers/local-server.ts";

/**
 * `capture` over real HTTP: a local server answers with a contact full of real-looking personal data and the API
 * key echoed back; what the SDK writes must hold none of it, and only for the operations listed, within limits.
 */

const KEY = "gk_live_capture_test_7c1e5a9b3d";
const CONTACT_UUID = "3a4ac30b-1321-449c-9b37-e9fe3174e00e";
// Unreal but real-looking: a free-mail address, a UK drama-range phone, a made-up person and LinkedIn slug.
const PLANTED = {
  email: "zebulon.quartermaine@gmail.com",
  personalEmail: "zq1987@outlook.com",
  phone: "+44 20 7946 0958",
  firstName: "Zebulon",
  lastName: "Quartermaine",
  fullName: "Zebulon Quartermaine",
  linkedin: "zebulon-quartermaine-4b2a91",
  linkedinUrl: "https://www.linkedin.com/in/zebulon-quartermaine-4b2a91",
  about: "Twenty years in logistics; ask me about cold-chain freight in Leeds.",
};

const contact = {
  uuid: CONTACT_UUID,
  team_id: 7,
  name: PLANTED.fullName,
  first_name: PLANTED.firstName,
  last_name: PLANTED.lastName,
  work_email: PLANTED.email,
  personal_email: PLANTED.personalEmail,
  work_phone_number: PLANTED.phone,
  linkedin: PLANTED.linkedin,
  avatar_url: PLANTED.linkedinUrl,
  about: PLANTED.about,
  headline: `Reach me with ${KEY}`,
  status: "ok",
  created_at: "2026-04-01T09:30:00Z",
};

let server: Server;
let baseUrl: string;
const dirs: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    res.writeHead(200, { "content-type": "application/json", "x-request-id": "req-1", "set-cookie": `session=${KEY}` });
    const search = req.url?.includes("/search");
    res.end(JSON.stringify(search ? { data: [contact], total: 1 } : contact));
  });
  baseUrl = await listenLocally(server);
});

afterAll(async () => {
  await closeServer(server);
});

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "grinfi-capture-"));
  dirs.push(dir);
  return dir;
}

function client(capture: GrinfiOptions["capture"]): Grinfi {
  return new Grinfi({ apiKey: KEY, baseUrl, rateLimit: false, capture });
}

/** Every file under `dir`, by `<operationId>/<name>`. */
function filesIn(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const folder of readdirSync(dir)) {
    for (const name of readdirSync(join(dir, folder))) files.set(`${folder}/${name}`, readFileSync(join(dir, folder, name), "utf8"));
  }
  return files;
}

describe("capture", () => {
  it("writes only the operations listed, at most maxPerOperation each, redacted before it touches the disk", async () => {
    const dir = tempDir();
    const grinfi = client({ dir, operations: ["getContact"], maxPerOperation: 2, by: "acme-staging" });
    for (let i = 0; i < 3; i++) await grinfi.contacts.get({ uuid: CONTACT_UUID });
    await grinfi.contacts.search({ limit: 1 });

    const files = filesIn(dir);
    expect([...files.keys()].every((name) => /^getContact\/captured-[\w-]+\.json$/.test(name))).toBe(true);
    expect(files.size).toBe(2);
    for (const text of files.values()) {
      for (const value of [...Object.values(PLANTED), KEY, "Zebulon", "Quartermaine", "7946"]) expect(text).not.toContain(value);
      const recording = JSON.parse(text) as CapturedRecording;
      expect(scanRecording(recording)).toEqual([]);
      expect(recording).toMatchObject({
        operationId: "getContact",
        source: "captured",
        capturedBy: "acme-staging",
        request: { method: "GET" },
        response: { status: 200, headers: { "content-type": "application/json", "x-request-id": "req-1" } },
      });
      expect(recording.sdk).toMatch(/^@grinfi\/sdk \d+\.\d+\.\d+/);
      expect(Number.isNaN(Date.parse(recording.capturedAt))).toBe(false);
      // The record is still the same record: the ids are synthetic but consistent, and its shape is kept.
      const body = recording.response.body as Record<string, unknown>;
      expect(Object.keys(body).sort()).toEqual(Object.keys(contact).sort());
      expect(body.uuid).not.toBe(CONTACT_UUID);
      expect(recording.request.path).toBe(`/leads/api/leads/${String(body.uuid)}`);
      expect(body.work_email).toMatch(/@example\.com$/);
    }
  });

  it("counts what an earlier run left in the folder, and stays within maxBytes", async () => {
    const dir = tempDir();
    await client({ dir, operations: ["getContact"], maxPerOperation: 2 }).contacts.get({ uuid: CONTACT_UUID });
    await client({ dir, operations: ["getContact"], maxPerOperation: 2 }).contacts.get({ uuid: CONTACT_UUID });
    await client({ dir, operations: ["getContact"], maxPerOperation: 2 }).contacts.get({ uuid: CONTACT_UUID });
    expect(filesIn(dir).size).toBe(2);

    const small = tempDir();
    const grinfi = client({ dir: small, operations: ["getContact", "searchContacts"], maxBytes: 1500 });
    await grinfi.contacts.get({ uuid: CONTACT_UUID });
    await grinfi.contacts.search({ limit: 1 });
    const kept = filesIn(small);
    expect(kept.size).toBe(1);
    expect([...kept.values()].reduce((bytes, text) => bytes + Buffer.byteLength(text), 0)).toBeLessThanOrEqual(1500);
  });

  it("hands each recording, already redacted, to `write` instead of a folder", async () => {
    const written: CapturedRecording[] = [];
    const grinfi = client({ write: (recording) => void written.push(recording), operations: ["searchContacts"] });
    await grinfi.contacts.search({ limit: 1 });
    await grinfi.contacts.get({ uuid: CONTACT_UUID });
    expect(written.map((recording) => recording.operationId)).toEqual(["searchContacts"]);
    expect(written[0]!.request).toMatchObject({ method: "POST", path: "/leads/api/leads/search", body: { limit: 1 } });
    const text = JSON.stringify(written);
    for (const value of [...Object.values(PLANTED), KEY]) expect(text).not.toContain(value);
  });

  it("leaves the folder alone when nothing is listed that was called, and refuses options it cannot honour", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "keep.txt"), "a file of the caller's");
    await client({ dir, operations: ["listTags"] }).contacts.get({ uuid: CONTACT_UUID });
    expect(readdirSync(dir)).toEqual(["keep.txt"]);

    await expect(client({ operations: ["getContact"] }).contacts.get({ uuid: CONTACT_UUID })).rejects.toThrow(
      /capture: capture needs exactly one of `dir`/,
    );
    await expect(client({ dir, operations: [] }).contacts.get({ uuid: CONTACT_UUID })).rejects.toThrow(/capture.operations must list/);
  });
});
