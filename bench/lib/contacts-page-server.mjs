// The local server of figure 10: answers every request with one page of N contacts (argv[2], default 50), each
// the contact of the searchContacts example recording with its own uuid, so the page conforms to the spec.
// Prints its port on stdout, and exits when its stdin closes (so it never outlives the benchmark).
import { readFileSync } from "node:fs";
import { createServer } from "node:http";

const size = Number(process.argv[2] ?? 50);
const example = JSON.parse(readFileSync(new URL("../../spec/recordings/searchContacts/documented-example.json", import.meta.url), "utf8"));
const [contact] = example.response.body.data;
const data = Array.from({ length: size }, (_, i) => ({ ...contact, uuid: `3a4ac30b-1321-449c-9b37-${String(i).padStart(12, "0")}` }));
const body = JSON.stringify({ data, limit: size, offset: 0, total: size * 10, has_more: true });
const server = createServer((req, res) => {
  req.resume();
  res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  res.end(body);
});
server.keepAliveTimeout = 120_000;
server.listen(0, "127.0.0.1", () => process.stdout.write(`${server.address().port}\n`));
process.stdin.on("end", () => process.exit(0));
process.stdin.resume();
