// Rebuilds the cases of this corpus from _valid/: each is a copy with exactly one edit, and a case.json whose line
// is found from an anchor text in the edited file. Run after changing _valid/ or a case: `node test/reliability/bad-specs/build.mjs`.
// The generated cases (huge-file, deep-nesting: only a case.json here) are written at test time and left alone.
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync, existsSync, readdirSync, statSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const root = dirname(fileURLToPath(import.meta.url));
const valid = join(root, "_valid");

const cases = [];
const c = (name, spec) => cases.push({ name, ...spec });
const R = "resources/things.yaml";
const ROOT = "openapi.yaml";
const replace = (file, from, to) => ({ file, from, to });
const write = (file, text) => ({ file, text });

c("invalid-yaml", {
  defect: "a flow sequence that is never closed",
  file: R, anchor: "description: Returns the thing", after: "/things/{uuid}", pointer: "/paths/~1things~1{uuid}/get/summary", message: "Flow sequence .* end with a \\]",
  edits: [replace(R, "summary: Get a thing", "summary: [Get a thing")],
});
c("wrong-indentation", {
  defect: "one key indented one space further than its siblings",
  file: R, anchor: "operationId: getThing", pointer: "/paths/~1things~1{uuid}/get/operationId", message: "Nested mappings are not allowed",
  edits: [replace(R, "      x-method: get\n", "       x-method: get\n")],
});
c("tab-indentation", {
  defect: "a tab used for indentation",
  file: R, anchor: "\tx-method: get", pointer: "/paths/~1things~1{uuid}/get/operationId", message: "Tabs are not allowed as indentation",
  edits: [replace(R, "      x-method: get\n", "\tx-method: get\n")],
});
c("duplicate-key", {
  defect: "the same key twice in one mapping",
  file: R, anchor: "summary: Get the thing", pointer: "/paths/~1things~1{uuid}/get/summary", message: "Map keys must be unique",
  edits: [replace(R, "      summary: Get a thing\n", "      summary: Get a thing\n      summary: Get the thing\n")],
});
c("dangling-ref", {
  defect: "a $ref to a schema that does not exist",
  file: R, anchor: "ThingSise", pointer: "/components/schemas/Thing/properties/size/$ref", message: "does not resolve",
  edits: [replace(R, "        size:\n          $ref: '#/components/schemas/ThingSize'", "        size:\n          $ref: '#/components/schemas/ThingSise'")],
});
c("circular-ref", {
  defect: "a schema whose $ref chain only leads back to itself",
  file: R, anchor: "$ref: '#/components/schemas/SizeAlias'", pointer: "/components/schemas/Thing/properties/size/$ref", message: "only leads to itself",
  edits: [
    replace(R, "        size:\n          $ref: '#/components/schemas/ThingSize'", "        size:\n          $ref: '#/components/schemas/SizeAlias'"),
    replace(R, "    ThingSize:\n", "    SizeAlias:\n      $ref: '#/components/schemas/SizeAliasAgain'\n    SizeAliasAgain:\n      $ref: '#/components/schemas/SizeAlias'\n    ThingSize:\n"),
  ],
});
c("ref-escapes-folder", {
  defect: "a $ref that climbs out of the spec folder",
  file: R, anchor: "../../etc/x.yaml#/a", pointer: "/components/schemas/Thing/properties/size/$ref", message: "points outside the merged document",
  edits: [replace(R, "        size:\n          $ref: '#/components/schemas/ThingSize'", "        size:\n          $ref: '../../etc/x.yaml#/a'")],
});
c("ref-other-file", {
  defect: "a $ref into another spec file instead of a local pointer",
  file: R, anchor: "common.yaml#/components", pointer: "/components/schemas/Thing/properties/size/$ref", message: "points outside the merged document",
  edits: [replace(R, "        size:\n          $ref: '#/components/schemas/ThingSize'", "        size:\n          $ref: '../components/common.yaml#/components/schemas/ThingSize'")],
});
c("ref-remote-url", {
  defect: "a $ref to a URL",
  file: R, anchor: "https://schemas.grinfi.test", pointer: "/components/schemas/Thing/properties/size/$ref", message: "points outside the merged document",
  edits: [replace(R, "        size:\n          $ref: '#/components/schemas/ThingSize'", "        size:\n          $ref: 'https://schemas.grinfi.test/size.yaml'")],
});
c("duplicate-operation-id", {
  defect: "two operations with the same operationId",
  file: R, anchor: "operationId: listThings", after: "/things/{uuid}", pointer: "/paths/~1things~1{uuid}/get/operationId", message: 'operationId "listThings" is already used',
  edits: [replace(R, "operationId: getThing", "operationId: listThings")],
});
c("path-parameter-undeclared", {
  defect: "a path template variable with no path parameter",
  file: R, anchor: "    get:", after: "/things/{uuid}/parts/{part}", pointer: "/paths/~1things~1{uuid}~1parts~1{part}/get", message: 'uses \\{part\\} but the operation declares no path parameter "part"',
  edits: [replace(R, "  /things/{uuid}:\n", "  /things/{uuid}/parts/{part}:\n")],
});
c("path-parameter-unused", {
  defect: "a declared path parameter that is not in the path",
  file: R, anchor: "- name: part", pointer: "/paths/~1things~1{uuid}/get/parameters/1", message: 'path parameter "part" does not appear in the path',
  edits: [replace(R, "        - $ref: '#/components/parameters/UuidPath'\n      responses:\n        '200':\n          description: The thing.",
    "        - $ref: '#/components/parameters/UuidPath'\n        - name: part\n          in: path\n          required: true\n          description: The part.\n          schema:\n            type: string\n      responses:\n        '200':\n          description: The thing.")],
});
c("enum-mixed-types", {
  commands: ["lint"],
  defect: "an enum whose values are of different types",
  file: R, anchor: "enum: [small, large, 3]", pointer: "/components/schemas/ThingSize/enum/2", message: "must be of the same type as the `type` field",
  edits: [replace(R, "enum: [small, large]", "enum: [small, large, 3]")],
});
c("array-without-items", {
  commands: ["lint"],
  defect: "an array schema without items",
  file: R, anchor: "type: array", after: "tags:", pointer: "/components/schemas/Thing/properties/tags/type", message: "array schema has no items",
  edits: [replace(R, "        created_at:\n          type: string\n          format: date-time\n          description: When the thing was made.\n",
    "        created_at:\n          type: string\n          format: date-time\n          description: When the thing was made.\n        tags:\n          type: array\n          description: Labels on the thing.\n")],
});
c("nullable-keyword", {
  defect: "the OpenAPI 3.0 nullable keyword in a 3.1 document",
  file: R, anchor: "nullable: true", pointer: "/components/schemas/Thing/properties/name/nullable", message: "nullable",
  edits: [replace(R, "          description: What the thing is called.\n", "          description: What the thing is called.\n          nullable: true\n")],
});
c("x-filter-unknown-field", {
  commands: ["lint"],
  defect: "an x-filter field that the resource schema does not have",
  file: R, anchor: "colour: { type: string }", pointer: "/paths/~1things/get/x-filter/fields/colour", message: 'x-filter field "colour" is not a property of Thing',
  edits: [
    replace(R, "          created_at: { type: date-time }\n", "          created_at: { type: date-time }\n          colour: { type: string }\n"),
    replace(R, "        created_at:\n          $ref: '#/components/schemas/FilterValue'\n", "        created_at:\n          $ref: '#/components/schemas/FilterValue'\n        colour:\n          $ref: '#/components/schemas/FilterValue'\n"),
  ],
});
c("x-filter-unknown-type", {
  commands: ["lint", "generate"],
  defect: "an x-filter field with a type the filter language does not have",
  file: R, anchor: "name: { type: text }", pointer: "/paths/~1things/get/x-filter/fields/name/type", message: 'field "name" (has type "text"|needs a type)',
  edits: [replace(R, "          name: { type: string }\n", "          name: { type: text }\n")],
});
c("x-pagination-not-a-list", {
  commands: ["lint"],
  defect: "x-pagination on an operation that answers one record",
  file: R, anchor: "x-pagination: { in: query }", after: "operationId: getThing", pointer: "/paths/~1things~1{uuid}/get/x-pagination", message: "has x-pagination but no 2xx answer is a ListEnvelope page",
  edits: [replace(R, "      x-method: get\n", "      x-method: get\n      x-pagination: { in: query }\n")],
});
c("example-invalid", {
  commands: ["lint"],
  defect: "an example that its schema rejects",
  file: R, anchor: "size: huge", pointer: "/paths/~1things~1{uuid}/get/responses/200/content/application~1json/example/size", message: "does not match its schema: /size must be equal to one of the allowed values",
  edits: [replace(R, "                size: small\n", "                size: huge\n")],
});
c("root-not-a-mapping", {
  defect: "a root file that is a YAML list",
  file: ROOT, anchor: "- openapi: 3.1.0", pointer: "", message: "must be a YAML mapping",
  edits: [write(ROOT, "- openapi: 3.1.0\n- info\n- paths\n")],
});
c("empty-root", {
  defect: "an empty root file",
  file: ROOT, line: 1, pointer: "", message: "must be a YAML mapping",
  edits: [write(ROOT, "")],
});
c("fragment-unexpected-key", {
  defect: "a top-level key other than paths, webhooks and components in a fragment",
  file: R, anchor: "servers:", pointer: "/servers", message: 'unexpected top-level key "servers"',
  edits: [replace(R, "components:\n  schemas:\n    Thing:", "servers:\n  - url: https://other.grinfi.test\ncomponents:\n  schemas:\n    Thing:")],
});
c("fragment-not-a-mapping", {
  defect: "a resource file that is a plain string",
  file: R, line: 1, pointer: "", message: "must be a YAML mapping",
  edits: [write(R, "just some text, not a mapping\n")],
});
c("component-defined-twice", {
  defect: "a component defined in two files",
  file: R, anchor: "    ErrorEnvelope:", pointer: "/components/schemas/ErrorEnvelope", message: "is defined twice \\(first defined at .*common\\.yaml:\\d+\\)",
  edits: [replace(R, "components:\n  schemas:\n", "components:\n  schemas:\n    ErrorEnvelope:\n      type: object\n      description: Another error shape.\n")],
});
c("orphan-resource-file", {
  defect: "a resource file that no tag of x-tagGroups names",
  file: "resources/widgets.yaml", line: 1, pointer: "", message: "belongs to no tag of x-tagGroups",
  edits: [write("resources/widgets.yaml", "paths: {}\n")],
});
c("tag-without-file", {
  defect: "a tag in x-tagGroups with no resource file",
  file: ROOT, anchor: "x-tagGroups:", pointer: "/x-tagGroups", message: 'tag "Widgets" is listed in x-tagGroups but .*widgets\\.yaml does not exist',
  edits: [
    replace(ROOT, "    tags: [Things]\n", "    tags: [Things, Widgets]\n"),
    replace(ROOT, "    description: Things to look at.\n", "    description: Things to look at.\n  - name: Widgets\n    description: Widgets to look at.\n"),
  ],
});
c("tag-group-without-tags", {
  defect: "an x-tagGroups group with no tags list",
  file: ROOT, anchor: "- name: Empty", pointer: "/x-tagGroups/1", message: "every x-tagGroups entry needs a name and a list of tag names",
  edits: [replace(ROOT, "    tags: [Things]\n", "    tags: [Things]\n  - name: Empty\n")],
});
c("missing-2xx", {
  commands: ["lint", "generate"],
  defect: "an operation without a 2xx response",
  file: R, anchor: "responses:", after: "operationId: getThing", pointer: "/paths/~1things~1{uuid}/get/responses", message: "2xx|2XX",
  edits: [replace(R, "        '200':\n          description: The thing.\n          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/Thing'\n              example:\n                uuid: 0b5f1c2e-3d4a-4b6c-8d9e-0f1a2b3c4d5e\n                name: A small thing\n                size: small\n                created_at: '2026-03-02T09:14:05Z'\n", "")],
});
c("x-effects-unknown-value", {
  commands: ["lint", "generate"],
  defect: "an x-effects value outside read, write, send, spend, destroy",
  file: R, anchor: "x-effects: [read, email]", pointer: "/paths/~1things~1{uuid}/get/x-effects/1", message: 'x-effects value "email" is not one of',
  edits: [replace(R, "      x-method: get\n      x-effects: [read]\n", "      x-method: get\n      x-effects: [read, email]\n")],
});
c("missing-x-method", {
  commands: ["lint", "generate"],
  defect: "an operation without x-method",
  file: R, anchor: "    get:", after: "/things/{uuid}", pointer: "/paths/~1things~1{uuid}/get", message: "no x-method",
  edits: [replace(R, "      x-method: get\n", "")],
});
c("duplicate-x-method", {
  commands: ["lint", "generate"],
  defect: "two operations of one tag with the same x-method",
  file: R, anchor: "x-method: list", after: "/things/{uuid}", pointer: "/paths/~1things~1{uuid}/get/x-method", message: '"list" is already used|both called "list"',
  edits: [replace(R, "      x-method: get\n", "      x-method: list\n")],
});
c("operation-without-tag", {
  commands: ["lint", "generate"],
  defect: "an operation with no tag",
  file: R, anchor: "    get:", after: "/things/{uuid}", pointer: "/paths/~1things~1{uuid}/get", message: "has no tag",
  edits: [replace(R, "      description: Returns the thing with this UUID, or 404 when the team has none.\n      tags: [Things]\n", "      description: Returns the thing with this UUID, or 404 when the team has none.\n")],
});
c("unknown-yaml-tag", {
  defect: "a YAML tag the loader does not know (!include)",
  file: R, anchor: "!include", pointer: "/components/schemas/Thing/properties/name/description", message: "Unresolved tag: !include",
  edits: [replace(R, "          description: What the thing is called.\n", "          description: !include name.md\n")],
});
c("alias-bomb", {
  defect: "YAML aliases that expand exponentially (billion laughs)",
  file: R, line: 1, pointer: "", message: "Excessive alias count",
  edits: [replace(R, "components:\n  schemas:\n", "components:\n  x-a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n  x-b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n  x-c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n  x-d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n  x-e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n  x-f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n  x-g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n  schemas:\n")],
});
c("complex-key", {
  defect: "a mapping key that is itself a list",
  file: R, anchor: "? [a, b]", pointer: "/components/schemas", message: "a mapping key must be plain text",
  edits: [replace(R, "components:\n  schemas:\n", "components:\n  schemas:\n    ? [a, b]\n    : type: string\n")],
});
c("binary-garbage", {
  defect: "a binary file where a YAML file should be",
  file: R, line: 1, pointer: "", message: "a spec fragment must be a YAML mapping",
  edits: [{ file: R, binary: true }],
});
c("alias-cycle", {
  defect: "a YAML alias inside the node it names (an endless document)",
  file: R, anchor: "x-loop: &loop [*loop]", pointer: "/components/schemas/Thing/x-loop/0", message: "alias refers to a node that contains it",
  edits: [replace(R, "      description: A thing.\n", "      description: A thing.\n      x-loop: &loop [*loop]\n")],
});
c("binary-tag", {
  defect: "a !!binary value where text belongs",
  file: R, anchor: "!!binary", pointer: "/components/schemas/Thing/description", message: "Buffer value .* is not a JSON value",
  edits: [replace(R, "      description: A thing.\n", "      description: !!binary QSB0aGluZy4=\n")],
});
c("infinite-number", {
  defect: "a number JSON cannot hold (.inf)",
  file: R, anchor: "maxLength: .inf", pointer: "/components/schemas/Thing/properties/name/maxLength", message: "Infinity is not a JSON number",
  edits: [replace(R, "          description: What the thing is called.\n", "          description: What the thing is called.\n          maxLength: .inf\n")],
});
c("self-containing-schema", {
  defect: "a schema that contains itself through allOf, never reaching a property or item",
  file: R, anchor: "    Loop:", pointer: "/components/schemas/Loop", message: "contains itself again at /components/schemas/Loop/allOf/0",
  edits: [
    replace(R, "    ThingSize:\n", "    Loop:\n      description: A schema that is only itself.\n      allOf:\n        - $ref: '#/components/schemas/Loop'\n    ThingSize:\n"),
    replace(R, "          description: When the thing was made.\n", "          description: When the thing was made.\n        loop:\n          $ref: '#/components/schemas/Loop'\n"),
  ],
});
c("x-method-clashes-with-iterator", {
  commands: ["lint", "generate"],
  defect: "an x-method equal to the …All iterator of a paged operation of the same tag",
  file: R, anchor: "x-method: listAll", pointer: "/paths/~1things~1{uuid}/get/x-method", message: "listAll",
  edits: [replace(R, "      x-method: get\n", "      x-method: listAll\n")],
});
c("openapi-version-not-text", {
  defect: "openapi: 3.1 unquoted, which YAML reads as a number",
  file: ROOT, anchor: "openapi: 3.1", pointer: "/openapi", message: "must declare OpenAPI 3.1; it has openapi: 3.1 \\(a number, not text\\)",
  edits: [replace(ROOT, "openapi: 3.1.0\n", "openapi: 3.1\n")],
});
c("root-components-not-a-mapping", {
  defect: "components in the root written as a list",
  file: ROOT, anchor: "components: []", pointer: "/components", message: "components must be a mapping",
  edits: [replace(ROOT, "components:\n  securitySchemes:\n    bearerAuth:\n      type: http\n      scheme: bearer\n", "components: []\n")],
});
c("recording-unknown-operation", {
  defect: "a recording of an operation the spec does not have",
  file: "recordings/deleteThing/gone.json", anchor: '"operationId"', pointer: "/operationId", message: 'operationId "deleteThing" is not an operation of the spec',
  commands: ["contract"], recordings: true,
  edits: [write("recordings/deleteThing/gone.json", JSON.stringify({ operationId: "deleteThing", source: "documented-example", note: "An operation that was never documented.", request: { method: "DELETE", path: "/things/0b5f1c2e-3d4a-4b6c-8d9e-0f1a2b3c4d5e" }, response: { status: 204 } }, null, 2) + "\n")],
});
c("recording-undocumented-status", {
  defect: "a recording with a status the operation does not document",
  file: "recordings/getThing/teapot.json", anchor: '"status"', pointer: "/response/status", message: "status 418 is not documented for getThing",
  commands: ["contract"], recordings: true,
  edits: [write("recordings/getThing/teapot.json", JSON.stringify({ operationId: "getThing", source: "documented-example", note: "An answer the spec does not list.", request: { method: "GET", path: "/things/0b5f1c2e-3d4a-4b6c-8d9e-0f1a2b3c4d5e" }, response: { status: 418, headers: { "content-type": "application/json" }, body: { message: "I'm a teapot", code: 418 } } }, null, 2) + "\n")],
});
c("recording-not-json", {
  defect: "a recording that is not valid JSON",
  file: "recordings/getThing/broken.json", line: 2, pointer: "", message: "not valid JSON",
  commands: ["contract"], recordings: true,
  edits: [write("recordings/getThing/broken.json", '{ "operationId": "getThing", \n')],
});

function lineOf(text, anchor, after) {
  let from = 0;
  if (after) { from = text.indexOf(after); if (from < 0) throw new Error(`after ${after} not found`); }
  const index = text.indexOf(anchor, from);
  if (index < 0) throw new Error(`anchor ${JSON.stringify(anchor)} not found`);
  return text.slice(0, index).split("\n").length;
}

// Only committed cases are rebuilt: folders with a case.json that is not a generated one.
for (const entry of readdirSync(root)) {
  const caseFile = join(root, entry, "case.json");
  if (entry === "_valid" || !statSync(join(root, entry)).isDirectory() || !existsSync(caseFile)) continue;
  if (JSON.parse(readFileSync(caseFile, "utf8")).generated) continue;
  rmSync(join(root, entry), { recursive: true, force: true });
}
for (const spec of cases) {
  const dir = join(root, spec.name);
  cpSync(valid, dir, { recursive: true, filter: (src) => spec.recordings || !src.includes("/recordings") });
  for (const edit of spec.edits) {
    const path = join(dir, edit.file);
    mkdirSync(dirname(path), { recursive: true });
    if (edit.binary) {
      // Deterministic bytes: a PNG-like header, NULs, control characters and invalid UTF-8.
      const bytes = Buffer.alloc(512);
      let x = 0x2545f491;
      for (let i = 0; i < bytes.length; i++) { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; bytes[i] = x & 0xff; }
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]).copy(bytes);
      writeFileSync(path, bytes);
    } else if (edit.text !== undefined) writeFileSync(path, edit.text);
    else {
      const text = readFileSync(path, "utf8");
      if (!text.includes(edit.from)) throw new Error(`${spec.name}: ${JSON.stringify(edit.from.slice(0, 60))} not in ${edit.file}`);
      writeFileSync(path, text.replace(edit.from, edit.to));
    }
  }
  const line = spec.line ?? lineOf(readFileSync(join(dir, spec.file), "utf8"), spec.anchor, spec.after);
  const caseJson = { defect: spec.defect, file: spec.file, line, pointer: spec.pointer, message: spec.message };
  caseJson.commands = spec.commands ?? ["bundle", "lint", "generate"];
  writeFileSync(join(dir, "case.json"), JSON.stringify(caseJson, null, 2) + "\n");
}
console.log(`${cases.length} cases`);
