/**
 * The bad-spec corpus, as data: each case is the control spec (`_valid/`) with one defect, written by a short list of
 * edits, and where the toolchain must point (file, line, JSON pointer) with a pattern its message must match.
 * `writeCase` builds a case into a folder; bad-specs.test.ts builds them all into a temporary folder and runs the
 * commands listed in `commands` (default bundle, lint and generate; a lint-only defect lists only lint: bundle does
 * not run the lint rules).
 */
import { cpSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { MAX_DEPTH } from "../../../generator/src/load/yaml-file.ts";

export const VALID = join(dirname(fileURLToPath(import.meta.url)), "_valid");

export type Command = "bundle" | "lint" | "generate" | "contract";

type Edit =
  | { file: string; from: string; to: string }
  | { file: string; text: string }
  | { file: string; bytes: (text: string) => Buffer }
  | { file: string; folder: true }
  | { file: string; renameTo: string };

interface CaseSpec {
  name: string;
  defect: string;
  commands?: Command[];
  /** Where the finding must be: the file, and its line (given, or found from `anchor`, after the text `after`). */
  file: string;
  line?: number;
  anchor?: string;
  after?: string;
  pointer: string;
  /** A regular expression the finding's message must match. */
  message: string;
  /** The recordings are copied too (contract cases). */
  recordings?: boolean;
  edits: Edit[];
}

export interface BadSpecCase {
  name: string;
  defect: string;
  commands: Command[];
  file: string;
  line: number;
  pointer: string;
  message: string;
}

const CASES: CaseSpec[] = [];
const c = (name: string, spec: Omit<CaseSpec, "name">) => CASES.push({ name, ...spec });
const R = "resources/things.yaml";
const ROOT = "openapi.yaml";
const replace = (file: string, from: string, to: string): Edit => ({ file, from, to });
const write = (file: string, text: string): Edit => ({ file, text });
const bytes = (file: string, make: (text: string) => Buffer): Edit => ({ file, bytes: make });

/** Deterministic bytes: a PNG-like header, NULs, control characters and invalid UTF-8. */
function garbage(): Buffer {
  const data = Buffer.alloc(512);
  let x = 0x2545f491;
  for (let i = 0; i < data.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    data[i] = x & 0xff;
  }
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]).copy(data);
  return data;
}

/** `text` with `inserted` bytes in front of the first `anchor`. */
function insertBytes(text: string, anchor: string, inserted: number[]): Buffer {
  const at = text.indexOf(anchor);
  if (at < 0) throw new Error(`${anchor} not found`);
  return Buffer.concat([Buffer.from(text.slice(0, at)), Buffer.from(inserted), Buffer.from(text.slice(at))]);
}

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
  commands: ["lint", "generate"],
  defect: "x-pagination on an operation that answers one record",
  file: R, anchor: "x-pagination: { in: query }", after: "operationId: getThing", pointer: "/paths/~1things~1{uuid}/get/x-pagination", message: "has x-pagination but its 2xx answer is not a page: it has no `data` list",
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
c("missing-x-effects", {
  commands: ["lint", "generate"],
  defect: "an operation without x-effects (the MCP server would not know what it does)",
  file: R, anchor: "    get:", after: "/things/{uuid}", pointer: "/paths/~1things~1{uuid}/get", message: "has no x-effects",
  edits: [replace(R, "      x-method: get\n      x-effects: [read]\n", "      x-method: get\n")],
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
  file: R, line: 1, pointer: "", message: "is not UTF-8 text: line 1 holds bytes that are not UTF-8",
  edits: [bytes(R, garbage)],
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

// Written at test time, not committed before either: a 50 MB file and a 200-level schema.
c("huge-file", {
  defect: "a 50 MB resource file",
  file: R, line: 1, pointer: "", message: "is 5\\d\\.\\d MB; spec files are limited to 5 MB",
  edits: [bytes(R, (text) => Buffer.from(hugeFile(text)))],
});
const DEEP_LEVELS = 200;
/** The loader refuses the first node deeper than MAX_DEPTH: that many pointer segments into the chain. */
const DEEP_POINTER = "/" + ["components", "schemas", "Deep", ...Array.from({ length: DEEP_LEVELS }, () => ["properties", "n"]).flat()].slice(0, MAX_DEPTH + 1).join("/");
c("deep-nesting", {
  defect: `a schema nested ${DEEP_LEVELS} levels deep`,
  file: R, line: deepLine(DEEP_POINTER), pointer: DEEP_POINTER, message: `nesting deeper than ${MAX_DEPTH} levels`,
  edits: [bytes(R, (text) => Buffer.from(deepFile(text, DEEP_LEVELS)))],
});

// What generate used to accept without a word, and gave broken or surprising code for.
c("x-method-not-an-identifier", {
  commands: ["lint", "generate"],
  defect: "an x-method that is no JavaScript name (the package would not compile)",
  file: R, anchor: "x-method: get-thing", pointer: "/paths/~1things~1{uuid}/get/x-method", message: 'x-method "get-thing" is not camelCase',
  edits: [replace(R, "      x-method: get\n", "      x-method: get-thing\n")],
});
c("x-method-then", {
  commands: ["lint", "generate"],
  defect: "x-method: then (the resource would be a thenable: `await grinfi.things` calls it)",
  file: R, anchor: "x-method: then", pointer: "/paths/~1things~1{uuid}/get/x-method", message: "thenable",
  edits: [replace(R, "      x-method: get\n", "      x-method: then\n")],
});
c("x-method-constructor", {
  commands: ["lint", "generate"],
  defect: "x-method: constructor (a member every class has)",
  file: R, anchor: "x-method: constructor", pointer: "/paths/~1things~1{uuid}/get/x-method", message: 'x-method "constructor" is already a member of the class',
  edits: [replace(R, "      x-method: get\n", "      x-method: constructor\n")],
});
c("x-method-proto", {
  commands: ["lint", "generate"],
  defect: "x-method: __proto__ (the prototype of every object)",
  file: R, anchor: "x-method: __proto__", pointer: "/paths/~1things~1{uuid}/get/x-method", message: 'x-method "__proto__" is not camelCase',
  edits: [replace(R, "      x-method: get\n", "      x-method: __proto__\n")],
});
c("x-method-to-string", {
  commands: ["lint", "generate"],
  defect: "x-method: toString (shadows what every object has)",
  file: R, anchor: "x-method: toString", pointer: "/paths/~1things~1{uuid}/get/x-method", message: "Object.prototype",
  edits: [replace(R, "      x-method: get\n", "      x-method: toString\n")],
});
c("operation-id-not-camel-case", {
  commands: ["lint", "generate"],
  defect: "an operationId that is no JavaScript name (it names the generated types)",
  file: R, anchor: "operationId: get-thing", pointer: "/paths/~1things~1{uuid}/get/operationId", message: 'operationId "get-thing" is not camelCase',
  edits: [replace(R, "operationId: getThing", "operationId: get-thing")],
});
c("operation-with-two-tags", {
  commands: ["lint", "generate"],
  defect: "an operation with two tags (the SDK would put it in one resource without a word)",
  file: R, anchor: "tags: [Things, Others]", pointer: "/paths/~1things~1{uuid}/get/tags", message: "has 2 tags",
  edits: [
    replace(R, "      description: Returns the thing with this UUID, or 404 when the team has none.\n      tags: [Things]\n", "      description: Returns the thing with this UUID, or 404 when the team has none.\n      tags: [Things, Others]\n"),
    replace(ROOT, "    description: Things to look at.\n", "    description: Things to look at.\n  - name: Others\n    description: Other things.\n"),
  ],
});
c("path-parameter-repeated", {
  defect: "a path template naming one parameter twice (the method would destructure it twice)",
  file: R, anchor: "    get:", after: "/things/{uuid}/parts/{uuid}", pointer: "/paths/~1things~1{uuid}~1parts~1{uuid}/get", message: "names \\{uuid\\} twice",
  edits: [replace(R, "  /things/{uuid}:\n", "  /things/{uuid}/parts/{uuid}:\n")],
});
c("body-field-named-like-a-parameter", {
  commands: ["lint", "generate"],
  defect: "a body field with the name of a path parameter (the SDK takes both in one object)",
  file: R, anchor: "requestBody:", pointer: "/paths/~1things~1{uuid}/put/requestBody", message: '"uuid" is both a parameter and a body field',
  edits: [
    replace(
      R,
      "components:\n",
      "    put:\n      operationId: replaceThing\n      x-method: replace\n      summary: Replace a thing\n      description: Replaces the thing with this UUID by the one in the body.\n      tags: [Things]\n      parameters:\n        - $ref: '#/components/parameters/UuidPath'\n      requestBody:\n        required: true\n        content:\n          application/json:\n            schema:\n              $ref: '#/components/schemas/Thing'\n      responses:\n        '200':\n          description: The thing as stored.\n          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/Thing'\n        '401': { $ref: '#/components/responses/Unauthorized' }\n        '403': { $ref: '#/components/responses/Forbidden' }\n        '404': { $ref: '#/components/responses/NotFound' }\n        '422': { $ref: '#/components/responses/ValidationFailed' }\n        '429': { $ref: '#/components/responses/RateLimited' }\n        '5XX': { $ref: '#/components/responses/ServerError' }\ncomponents:\n",
    ),
  ],
});
/** A POST /things/{uuid}/photo whose request body is `content` (YAML, indented for its place). */
const uploadOperation = (content: string): string =>
  "  /things/{uuid}/photo:\n    post:\n      operationId: uploadThingPhoto\n      x-method: uploadPhoto\n      x-effects: [write]\n" +
  "      summary: Upload a thing's photo\n      description: Stores a photo of the thing.\n      tags: [Things]\n" +
  "      parameters:\n        - $ref: '#/components/parameters/UuidPath'\n      requestBody:\n        required: true\n        content:\n" +
  content +
  "      responses:\n        '204':\n          description: Stored.\n        '401': { $ref: '#/components/responses/Unauthorized' }\n" +
  "        '403': { $ref: '#/components/responses/Forbidden' }\n        '404': { $ref: '#/components/responses/NotFound' }\n" +
  "        '422': { $ref: '#/components/responses/ValidationFailed' }\n" +
  "        '429': { $ref: '#/components/responses/RateLimited' }\n        '5XX': { $ref: '#/components/responses/ServerError' }\ncomponents:\n";
c("request-body-media-type-not-sendable", {
  commands: ["lint", "generate"],
  defect: "a request body offered only as text/plain (the SDK sends JSON or a multipart form, nothing else)",
  file: R, anchor: "        content:", after: "uploadThingPhoto", pointer: "/paths/~1things~1{uuid}~1photo/post/requestBody/content",
  message: "is text/plain, which the SDK cannot send",
  edits: [replace(R, "components:\n", uploadOperation("          text/plain:\n            schema:\n              type: string\n"))],
});
c("form-part-of-unknown-kind", {
  commands: ["lint", "generate"],
  defect: "a multipart part that is a list (neither a file, an object nor a single value: the SDK cannot tell how to send it)",
  file: R, anchor: "tags_list:", pointer: "/paths/~1things~1{uuid}~1photo/post/requestBody/content/multipart~1form-data/schema/properties/tags_list",
  message: 'part "tags_list" of uploadThingPhoto .*multipart/form-data body is neither a file, an object nor a single value',
  edits: [
    replace(
      R,
      "components:\n",
      uploadOperation(
        "          multipart/form-data:\n            schema:\n              type: object\n              required: [photo]\n              properties:\n" +
          "                photo: { type: string, format: binary }\n                tags_list:\n                  type: array\n" +
          "                  items: { type: string }\n",
      ),
    ),
  ],
});
c("x-preflight-unknown", {
  commands: ["lint", "generate"],
  defect: "an x-preflight naming a check the SDK does not have (the method would call a function that does not exist)",
  file: R, anchor: "x-preflight: validateThing", pointer: "/paths/~1things~1{uuid}/get/x-preflight", message: 'x-preflight "validateThing" is not one of validateFlow',
  edits: [replace(R, "      x-method: get\n", "      x-method: get\n      x-preflight: validateThing\n")],
});
c("x-filter-enum-not-an-enum", {
  commands: ["lint", "generate"],
  defect: "an x-filter field whose enum names a schema that is no enum (filters.ts would import a type enums.ts lacks)",
  file: R, anchor: "enum: Thing }", pointer: "/paths/~1things/get/x-filter/fields/size/enum", message: 'names enum "Thing", which is not an enum schema component',
  edits: [replace(R, "size: { type: string, enum: ThingSize }", "size: { type: string, enum: Thing }")],
});
c("enum-name-not-an-identifier", {
  commands: ["lint", "generate"],
  defect: "an enum component whose name is no TypeScript name (enums.ts would not compile)",
  file: R, anchor: "    Thing.Size:", pointer: "/components/schemas/Thing.Size", message: 'enum component "Thing.Size" cannot name a TypeScript type',
  edits: [
    replace(R, "    ThingSize:\n", "    Thing.Size:\n"),
    replace(R, "          $ref: '#/components/schemas/ThingSize'", "          $ref: '#/components/schemas/Thing.Size'"),
    replace(R, "size: { type: string, enum: ThingSize }", "size: { type: string, enum: Thing.Size }"),
  ],
});
c("export-name-taken-twice", {
  commands: ["lint", "generate"],
  defect: "an enum named like an operation's answer type (the package would export GetThingResponse twice)",
  file: R, anchor: "operationId: getThing", pointer: "/paths/~1things~1{uuid}/get/operationId",
  message: '"GetThingResponse" would be exported twice by the SDK: as the enum GetThingResponse and as a type of the operation getThing',
  edits: [
    replace(R, "    ThingSize:\n", "    GetThingResponse:\n"),
    replace(R, "          $ref: '#/components/schemas/ThingSize'", "          $ref: '#/components/schemas/GetThingResponse'"),
    replace(R, "size: { type: string, enum: ThingSize }", "size: { type: string, enum: GetThingResponse }"),
  ],
});
c("automation-node-union-without-discriminator", {
  commands: ["lint", "generate"],
  defect: "a KnownAutomationNode union without a discriminator (the builder could not tell the node types apart)",
  file: R, anchor: "    KnownAutomationNode:", pointer: "/components/schemas/KnownAutomationNode",
  message: "KnownAutomationNode must be a oneOf of node schemas with discriminator",
  edits: [replace(R, "    ThingSize:\n", "    KnownAutomationNode:\n      description: A step of an automation.\n      oneOf:\n        - $ref: '#/components/schemas/Thing'\n    ThingSize:\n")],
});
c("tag-named-then", {
  commands: ["lint", "generate"],
  defect: "a tag that makes the client property `then` (the client would be a thenable)",
  file: ROOT, anchor: "tags: [Then]", pointer: "/x-tagGroups/0/tags/0", message: "grinfi.then, which would make the object a thenable",
  edits: [
    replace(ROOT, "  - name: Things\n", "  - name: Then\n"),
    replace(ROOT, "    tags: [Things]\n", "    tags: [Then]\n"),
    { file: R, renameTo: "resources/then.yaml" },
    { file: "resources/then.yaml", from: "tags: [Things]", to: "tags: [Then]" },
    { file: "resources/then.yaml", from: "tags: [Things]", to: "tags: [Then]" },
  ],
});
c("invalid-utf8", {
  defect: "a byte that is not UTF-8 in a description (it was read as U+FFFD without a word)",
  file: R, anchor: "What the thing is called.", pointer: "", message: "is not UTF-8 text: line \\d+ holds bytes that are not UTF-8",
  edits: [bytes(R, (text) => insertBytes(text, "What the thing is called.", [0xe9]))],
});
c("nul-byte", {
  defect: "a NUL byte in a description (it was read as part of the text without a word)",
  file: R, anchor: "the thing is called.", pointer: "", message: "holds a control character \\(U\\+0000, NUL\\) at line \\d+, column \\d+",
  edits: [bytes(R, (text) => insertBytes(text, "the thing is called.", [0x00]))],
});
c("folder-instead-of-file", {
  defect: "a folder where the resource file should be (it was exit 3, EISDIR)",
  file: R, line: 1, pointer: "", message: "is a folder, not a YAML file",
  edits: [{ file: R, folder: true }],
});

/** The valid things.yaml with enough further schemas to pass 50 MB: a real YAML document, only too big. */
function hugeFile(things: string): string {
  const block = (i: number) => `    Padding${i}:\n      type: string\n      description: Filler schema number ${i}, here only to make this file larger than any spec file should be.\n`;
  // The schemas map is the file's last section: further entries simply continue it.
  const parts = [things];
  let size = things.length;
  for (let i = 0; size < 50 * 1024 * 1024; i++) {
    const text = block(i);
    parts.push(text);
    size += text.length;
  }
  return parts.join("");
}

/** The valid things.yaml with a schema `Deep` whose properties nest `levels` deep, in block style. */
function deepFile(things: string, levels: number): string {
  const lines = ["    Deep:", "      type: object", "      properties:"];
  for (let level = 1; level <= levels; level++) {
    const indent = " ".repeat(8 + 4 * (level - 1));
    lines.push(`${indent}n:`, `${indent}  type: ${level === levels ? "string" : "object"}`);
    if (level < levels) lines.push(`${indent}  properties:`);
  }
  return things.replace("components:\n  schemas:\n", `components:\n  schemas:\n${lines.join("\n")}\n`);
}

/** The line of the `n:` key at a pointer into `Deep`: the schemas section's line plus three, then two lines a level. */
function deepLine(pointer: string): number {
  const things = readFileSync(join(VALID, R), "utf8");
  const schemasLine = things.slice(0, things.indexOf("components:\n  schemas:\n")).split("\n").length + 1;
  const level = (pointer.match(/\/properties\/n/g) ?? []).length;
  return schemasLine + 3 + 3 * (level - 1) + 1;
}

function lineOf(text: string, anchor: string, after: string | undefined): number {
  const from = after === undefined ? 0 : text.indexOf(after);
  if (from < 0) throw new Error(`${JSON.stringify(after)} not found`);
  const index = text.indexOf(anchor, from);
  if (index < 0) throw new Error(`anchor ${JSON.stringify(anchor)} not found`);
  return text.slice(0, index).split("\n").length;
}

/** Every case, by name. */
export const CASE_NAMES = CASES.map((spec) => spec.name);

/** Writes one case's spec folder (the control spec and its edits) into `dir`, and returns where it must fail. */
export function writeCase(name: string, dir: string): BadSpecCase {
  const spec = CASES.find((candidate) => candidate.name === name);
  if (!spec) throw new Error(`no bad-spec case "${name}"`);
  cpSync(VALID, dir, { recursive: true, filter: (source) => spec.recordings === true || !source.startsWith(join(VALID, "recordings")) });
  for (const edit of spec.edits) {
    const path = join(dir, edit.file);
    mkdirSync(dirname(path), { recursive: true });
    if ("text" in edit) writeFileSync(path, edit.text);
    else if ("bytes" in edit) writeFileSync(path, edit.bytes(readFileSync(path, "utf8")));
    else if ("folder" in edit) {
      rmSync(path);
      mkdirSync(path);
    } else if ("renameTo" in edit) renameSync(path, join(dir, edit.renameTo));
    else {
      const text = readFileSync(path, "utf8");
      if (!text.includes(edit.from)) throw new Error(`${name}: ${JSON.stringify(edit.from.slice(0, 60))} is not in ${edit.file}`);
      writeFileSync(path, text.replace(edit.from, edit.to));
    }
  }
  const line = spec.line ?? lineOf(readFileSync(join(dir, spec.file), "utf8"), spec.anchor ?? "", spec.after);
  return { name, defect: spec.defect, commands: spec.commands ?? ["bundle", "lint", "generate"], file: spec.file, line, pointer: spec.pointer, message: spec.message };
}
