import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

export const MINIMAL_ROOT = `openapi: 3.1.0
info:
  title: Fixture API
  version: 1.0.0
  description: A two-operation API used by the toolchain's tests.
  license:
    name: MIT
    identifier: MIT
servers:
  - url: https://api.example.com
security:
  - bearerAuth: []
tags:
  - name: Things
    description: Things to look at.
x-tagGroups:
  - name: Stuff
    tags: [Things]
paths: {}
components:
  securitySchemes:
    bearerAuth:
      type: http
      scheme: bearer
`;

export const MINIMAL_THINGS = `paths:
  /things/{uuid}:
    get:
      operationId: getThing
      x-method: get
      x-effects: [read]
      summary: Get a thing
      description: Returns the thing with this UUID, or 404 when there is none.
      tags: [Things]
      parameters:
        - $ref: '#/components/parameters/UuidPath'
      responses:
        '200':
          description: The thing.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Thing'
        '404':
          description: No such thing.
components:
  parameters:
    UuidPath:
      name: uuid
      in: path
      required: true
      description: UUID of the thing.
      schema:
        type: string
        format: uuid
  schemas:
    Thing:
      type: object
      description: A thing.
      properties:
        uuid:
          type: string
          format: uuid
`;

/** Writes a spec folder (root + resources) into a fresh temporary directory and returns its path. */
export function writeSpecFixture(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), "grinfi-spec-"));
  const all = { "openapi.yaml": MINIMAL_ROOT, "resources/things.yaml": MINIMAL_THINGS, ...files };
  for (const [path, contents] of Object.entries(all)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), contents);
  }
  return dir;
}

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs `grinfi-codegen` as a user would, from the repository root. */
export function runCli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): CliResult {
  const result = spawnSync(process.execPath, [join(repoRoot, "scripts", "grinfi-codegen.mjs"), ...args], {
    cwd: options.cwd ?? repoRoot,
    env: { ...process.env, ...options.env },
    encoding: "utf8",
    timeout: 120_000,
  });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
