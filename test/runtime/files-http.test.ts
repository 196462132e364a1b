import { createHash, randomBytes } from "node:crypto";
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import busboy from "busboy";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  ConnectionError,
  fileFromPath,
  FileDownload,
  Grinfi,
  RateLimitError,
  ServerError,
  type GrinfiOptions,
} from "../../generated/src/index.ts";
import { closeServer, listenLocally } from "../helpers/local-server.ts";

/**
 * Uploads and downloads of the generated client over real HTTP. A local server parses each multipart body as it
 * streams in (busboy: fields, and each file's name, type, size and SHA-256, never held whole), and answers as the
 * test says: the stored record, an error, a reset connection, or a file.
 */

interface ReceivedPart {
  /** A field's value. */
  value?: string;
  filename?: string;
  mimeType?: string;
  size?: number;
  sha256?: string;
  /** A small file's content, as text. */
  text?: string;
}

interface Received {
  contentType: string | undefined;
  contentLength: string | undefined;
  transferEncoding: string | undefined;
  parts: Map<string, ReceivedPart>;
}

type Answer = (response: ServerResponse, received: Received) => void;

const STORED_FILE = { uuid: "5b1d7e93-0c4a-4f62-8e19-a3d6b2c70f48", team_id: 4120, type: "csv_leads" };
const stored: Answer = (response) => json(response, 200, STORED_FILE);

function json(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { "content-type": "application/json", ...headers });
  response.end(JSON.stringify(body));
}

function parseForm(request: IncomingMessage): Promise<Map<string, ReceivedPart>> {
  return new Promise((resolve, reject) => {
    const parts = new Map<string, ReceivedPart>();
    const pending: Promise<void>[] = [];
    // File names arrive as UTF-8, as browsers send them (busboy's default reads them as Latin-1).
    const parser = busboy({ headers: request.headers, defParamCharset: "utf8" });
    parser.on("field", (name, value) => parts.set(name, { value }));
    parser.on("file", (name, stream, info) => {
      const hash = createHash("sha256");
      const small: Buffer[] = [];
      let size = 0;
      pending.push(
        new Promise((done) => {
          stream.on("data", (chunk: Buffer) => {
            hash.update(chunk);
            size += chunk.length;
            if (size <= 1 << 20) small.push(chunk);
          });
          stream.on("end", () => {
            const text = size <= 1 << 20 ? Buffer.concat(small).toString("utf8") : undefined;
            parts.set(name, { filename: info.filename, mimeType: info.mimeType, size, sha256: hash.digest("hex"), ...(text !== undefined && { text }) });
            done();
          });
        }),
      );
    });
    parser.on("close", () => Promise.all(pending).then(() => resolve(parts), reject));
    parser.on("error", reject);
    request.pipe(parser);
  });
}

let server: Server;
let baseUrl: string;
let answers: Answer[];
let received: Received[];
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "grinfi-files-"));
  server = createServer((request, response) => {
    const isForm = /^multipart\/form-data/i.test(request.headers["content-type"] ?? "");
    const parsed = isForm ? parseForm(request) : new Promise<Map<string, ReceivedPart>>((resolve) => request.resume().on("end", () => resolve(new Map())));
    void parsed.then((parts) => {
      const entry: Received = {
        contentType: request.headers["content-type"],
        contentLength: request.headers["content-length"],
        transferEncoding: request.headers["transfer-encoding"],
        parts,
      };
      received.push(entry);
      (answers.shift() ?? stored)(response, entry);
    });
  });
  baseUrl = await listenLocally(server);
});

afterAll(async () => {
  await closeServer(server);
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  answers = [];
  received = [];
});

function client(options: GrinfiOptions = {}): Grinfi {
  return new Grinfi({ apiKey: "files-test-key", baseUrl, rateLimit: false, retry: { initialDelayMs: 1, maxDelayMs: 1 }, ...options });
}

/** V8's `gc()`, which vitest's workers do not expose: the flag set at run time, the function taken from a new context. */
function collectGarbage(): void {
  setFlagsFromString("--expose-gc");
  (runInNewContext("gc") as () => void)();
}

const sha256 = (data: Uint8Array | string) => createHash("sha256").update(data).digest("hex");
const CSV = "first_name,work_email\nAvery,avery.quinn@example.com\nRosa,rosa.delgado@example.com\n";

describe("uploads", () => {
  it("sends a File as multipart/form-data with the spec's field names, and answers the stored record", async () => {
    const file = new File([CSV], "contacts.csv", { type: "text/csv" });
    const answer = await client().csvFiles.upload({ file, type: "csv_leads" });
    expect(answer).toEqual(STORED_FILE);
    const [request] = received;
    expect(request?.contentType).toMatch(/^multipart\/form-data; boundary=/);
    expect(request?.contentLength).toBe(String(Number(request?.contentLength)));
    expect(Object.fromEntries(request!.parts)).toEqual({
      file: { filename: "contacts.csv", mimeType: "text/csv", size: CSV.length, sha256: sha256(CSV), text: CSV },
      type: { value: "csv_leads" },
    });
  });

  it("sends bytes under the part's name and the spec's media type, and a JSON part as JSON text", async () => {
    const pdf = new Uint8Array(randomBytes(4096));
    answers.push((response) => json(response, 201, { uuid: "e3a7c915-2b6d-4f08-9c41-7d5b0e8a2f16" }));
    const payload = { name: "pricing-2026.pdf", size: "4096", type: "application/pdf" };
    await client().attachments.upload({ attachment: pdf, payload });
    const parts = received[0]!.parts;
    expect(parts.get("attachment")).toMatchObject({ filename: "attachment", mimeType: "application/octet-stream", size: 4096, sha256: sha256(pdf) });
    expect(JSON.parse(parts.get("payload")!.value!)).toEqual(payload);

    await client().csvFiles.upload({ file: new TextEncoder().encode(CSV), type: "csv_leads" });
    expect(received[1]!.parts.get("file")).toMatchObject({ filename: "file", mimeType: "text/csv", text: CSV });
  });

  it.each([
    ["a File", (name: string) => new File([CSV], name, { type: "text/csv" })],
    ["a stream", (name: string) => Object.assign(Readable.from([Buffer.from(CSV)]), { path: join(dir, name) })],
  ])("keeps a file name with non-ASCII characters, quotes and line breaks intact, from %s", async (_kind, make) => {
    const name = 'Kontakte "Müller" – Ørsted 日本\n.csv';
    await client().csvFiles.upload({ file: make(name), type: "csv_leads" });
    // FormData's escapes (RFC 7578 leaves them to the sender): " → %22, LF → %0A; the rest arrives as UTF-8.
    expect(received[0]!.parts.get("file")).toMatchObject({ filename: 'Kontakte %22Müller%22 – Ørsted 日本%0A.csv', text: CSV });
  });

  it("streams a Node read stream (chunked, no length) under its file's name", async () => {
    const path = join(dir, "streamed.csv");
    await pipeline(Readable.from([CSV]), createWriteStream(path));
    await client().csvFiles.upload({ file: createReadStream(path), type: "csv_leads" });
    expect(received[0]).toMatchObject({ contentLength: undefined, transferEncoding: "chunked" });
    expect(received[0]!.parts.get("file")).toMatchObject({ filename: "streamed.csv", mimeType: "text/csv", text: CSV });
    expect(received[0]!.parts.get("type")).toEqual({ value: "csv_leads" });
  });

  it("sends a 50 MB file from disk without holding it in memory", async () => {
    const size = 50 * 1024 * 1024;
    const path = join(dir, "large.csv");
    const expected = createHash("sha256");
    // Written a megabyte at a time, so the test itself never holds the file either.
    await pipeline(
      (async function* () {
        for (let offset = 0; offset < size; offset += 1 << 20) {
          const chunk = Buffer.alloc(1 << 20, `row ${offset},avery.quinn@example.com\n`);
          expected.update(chunk);
          yield chunk;
        }
      })(),
      createWriteStream(path),
    );
    try {
      // A first, small upload loads every code path the large one takes.
      await client().csvFiles.upload({ file: await fileFromPath(path, { name: "warm-up.csv" }).then((f) => f.slice(0, 1024, "text/csv")), type: "csv_leads" });
      // Sampled after a collection each time: what the process holds, not the chunks already sent and dropped.
      collectGarbage();
      const before = process.memoryUsage();
      const peak = { ...before };
      const sample = () => {
        collectGarbage();
        const now = process.memoryUsage();
        peak.rss = Math.max(peak.rss, now.rss);
        peak.arrayBuffers = Math.max(peak.arrayBuffers, now.arrayBuffers);
      };
      const sampler = setInterval(sample, 20);
      try {
        await client().csvFiles.upload({ file: await fileFromPath(path, { type: "text/csv" }), type: "csv_leads" });
      } finally {
        clearInterval(sampler);
      }
      sample();
      const file = received[1]!.parts.get("file");
      expect(file).toMatchObject({ filename: "large.csv", mimeType: "text/csv", size, sha256: expected.digest("hex") });
      expect(received[1]!.contentLength).toBeDefined();
      // Held whole in memory once (as fetch does when it may follow a redirect), the process grows by the file's
      // 50 MB or more (measured: 57–65 MB of RSS, 48–50 MB of live buffers); streamed, by a few chunks (4–11 MB).
      expect(peak.rss - before.rss).toBeLessThan(size);
      // The local server parsing the upload lives in this process too: its chunks count until they are collected.
      expect(peak.arrayBuffers - before.arrayBuffers).toBeLessThan(size / 3);
    } finally {
      rmSync(path, { force: true });
    }
  });

  it("is not sent again after a 500 or a connection reset, once it may have reached the server", async () => {
    const file = new File([CSV], "contacts.csv", { type: "text/csv" });
    answers.push((response) => json(response, 500, { message: "Server Error" }));
    await expect(client().csvFiles.upload({ file, type: "csv_leads" })).rejects.toBeInstanceOf(ServerError);
    expect(received).toHaveLength(1);

    answers.push((response) => response.socket?.destroy());
    await expect(client().csvFiles.upload({ file, type: "csv_leads" })).rejects.toBeInstanceOf(ConnectionError);
    expect(received).toHaveLength(2);
  });

  it("is sent again, whole, after a 429 when its file can be read again, and a stream's is not", async () => {
    const tooMany: Answer = (response) => json(response, 429, { message: "Too Many Attempts." }, { "retry-after": "0" });
    answers.push(tooMany);
    const path = join(dir, "retried.csv");
    await pipeline(Readable.from([CSV]), createWriteStream(path));
    await expect(client().csvFiles.upload({ file: await fileFromPath(path), type: "csv_leads" })).resolves.toEqual(STORED_FILE);
    expect(received.map((request) => request.parts.get("file")?.text)).toEqual([CSV, CSV]);

    received = [];
    answers.push(tooMany);
    const error = await client().csvFiles.upload({ file: createReadStream(path), type: "csv_leads" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(0);
    expect(received).toHaveLength(1);
  });
});

describe("downloads", () => {
  const exportFile = (body: Uint8Array | string, headers: Record<string, string>): Answer => (response) => {
    response.writeHead(200, headers);
    response.end(body);
  };

  it("answers the bytes the server sent, unparsed, with the type, name and size from its headers", async () => {
    const bytes = new Uint8Array(randomBytes(256 * 1024));
    answers.push(
      exportFile(bytes, {
        "content-type": "text/csv; charset=UTF-8",
        "content-length": String(bytes.length),
        "content-disposition": `attachment; filename="export.csv"; filename*=UTF-8''${encodeURIComponent("Экспорт контактов.csv")}`,
      }),
    );
    const download = await client().csvFiles.download({ file_name: "contacts-export-2026-04-14.csv" });
    expect(download).toBeInstanceOf(FileDownload);
    expect([download.contentType, download.filename, download.size]).toEqual(["text/csv; charset=UTF-8", "Экспорт контактов.csv", bytes.length]);
    expect(download.bodyUsed).toBe(false);
    expect(sha256(await download.bytes())).toBe(sha256(bytes));
    expect(download.bodyUsed).toBe(true);
  });

  it("never parses a file as JSON, and saves one to disk with stream.pipeline", async () => {
    const looksLikeJson = '{"data": [1, 2, 3]}\n';
    answers.push(exportFile(looksLikeJson, { "content-type": "text/csv" }));
    expect(await (await client().csvFiles.download({ file_name: "a.csv" })).text()).toBe(looksLikeJson);

    const bytes = new Uint8Array(randomBytes(2 * 1024 * 1024));
    answers.push(exportFile(bytes, { "content-type": "text/csv", "content-disposition": 'attachment; filename="contacts.csv"' }));
    const download = await client().csvFiles.download({ file_name: "contacts.csv" });
    const path = join(dir, download.filename!);
    await pipeline(download, createWriteStream(path));
    expect(sha256(readFileSync(path))).toBe(sha256(bytes));
  });

  it("lets the call's signal cancel reading the body after the call returned", async () => {
    answers.push((response) => {
      response.writeHead(200, { "content-type": "text/csv" });
      response.write("first_name\n");
      // …and nothing more: the body never ends.
    });
    const controller = new AbortController();
    const download = await client().csvFiles.download({ file_name: "slow.csv" }, { signal: controller.signal });
    const text = download.text();
    controller.abort();
    await expect(text).rejects.toThrow();
  });
});
