// The local server of figure 5: answers every GET with one small JSON contact, keep-alive on, on 127.0.0.1 only.
// Prints its port on stdout, and exits when its stdin closes (so it never outlives the benchmark).
import { createServer } from "node:http";

const body = JSON.stringify({
  uuid: "3a4ac30b-1321-449c-9b37-e9fe3174e00e",
  name: "Ada Example",
  first_name: "Ada",
  last_name: "Example",
  work_email: "ada@example.com",
  email_status: "ok",
  company_name: "Example Ltd",
  created_at: "2026-01-05T10:00:00Z",
  updated_at: "2026-01-06T10:00:00Z",
});
const server = createServer((req, res) => {
  req.resume();
  res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  res.end(body);
});
server.keepAliveTimeout = 120_000;
server.listen(0, "127.0.0.1", () => process.stdout.write(`${server.address().port}\n`));
process.stdin.on("end", () => process.exit(0));
process.stdin.resume();
