// The local server of figures 5 and 10: answers every request with one fixed JSON body, keep-alive on, on 127.0.0.1
// only. Prints its port on stdout, and exits when its stdin closes (so it never outlives the benchmark).
//
//   node http-server.mjs               one small contact (figure 5)
//   node http-server.mjs page <N>      a page of N contacts, each the contact of the searchContacts example recording
//                                      with its own uuid, so the page conforms to the spec (figure 10)
import { readFileSync } from "node:fs";
import { createServer } from "node:http";

const [kind, size = "50"] = process.argv.slice(2);
const body = JSON.stringify(kind === "page" ? contactsPage(Number(size)) : smallContact());

function smallContact() {
  return {
    uuid: "3a4ac30b-1321-449c-9b37-e9fe3174e00e",
    name: "Ada Example",
    first_name: "Ada",
    last_name: "Example",
    work_email: "ada@example.com",
    email_status: "ok",
    company_name: "Example Ltd",
    created_at: "2026-01-05T10:00:00Z",
    updated_at: "2026-01-06T10:00:00Z",
  };
}

function contactsPage(size) {
  const recording = new URL("../../spec/recordings/searchContacts/documented-example.json", import.meta.url);
  const [contact] = JSON.parse(readFileSync(recording, "utf8")).response.body.data;
  const data = Array.from({ length: size }, (_, i) => ({ ...contact, uuid: `3a4ac30b-1321-449c-9b37-${String(i).padStart(12, "0")}` }));
  return { data, limit: size, offset: 0, total: size * 10, has_more: true };
}

const server = createServer((req, res) => {
  req.resume();
  res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  res.end(body);
});
server.keepAliveTimeout = 120_000;
server.listen(0, "127.0.0.1", () => process.stdout.write(`${server.address().port}\n`));
process.stdin.on("end", () => process.exit(0));
process.stdin.resume();
