import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadRecordings, recordedFormData, type LoadedRecording } from "../../generator/src/contract/recording.ts";
import { loadSpec } from "../../generator/src/load/index.ts";
import { loadMockApi, startMockServer, type MockServer } from "../../generator/src/mock/index.ts";
import { buildModel } from "../../generator/src/model/build.ts";
import { repoRoot } from "../helpers/spec-fixture.ts";
import { SPEC_DIR } from "./helpers.ts";

/**
 * The mock serving the project's own recordings: every 2xx exchange recorded in spec/recordings, sent again,
 * passes the mock's checks, reaches its operation and is answered from a recording with the recorded status.
 */
const RECORDINGS_DIR = join(repoRoot, "spec", "recordings");
const successes: LoadedRecording[] = loadRecordings(RECORDINGS_DIR).filter(({ recording }) => recording.response.status >= 200 && recording.response.status < 300);
let mock: MockServer;

beforeAll(async () => {
  mock = await startMockServer({ api: await loadMockApi({ specDir: SPEC_DIR, recordingsDir: RECORDINGS_DIR }) });
});
afterAll(() => mock.close());

describe("replaying spec/recordings", () => {
  it("accepts each recorded request and answers it from a recording", async () => {
    expect(successes.length).toBeGreaterThan(0);
    const problems: string[] = [];
    for (const { file, recording } of successes) {
      const query = new URLSearchParams();
      for (const [key, value] of Object.entries(recording.request.query ?? {})) for (const item of [value].flat()) query.append(key, item);
      const { body, form } = recording.request;
      const hasBody = body !== undefined;
      // A recorded form goes as multipart/form-data (fetch sets the boundary), a body as JSON.
      const response = await fetch(`${mock.url}${recording.request.path}${query.size ? `?${query}` : ""}`, {
        method: recording.request.method,
        headers: { authorization: "Bearer replay-key", ...(hasBody && { "content-type": "application/json" }) },
        body: form ? recordedFormData(form) : hasBody ? JSON.stringify(body) : undefined,
      });
      const text = await response.text();
      const entry = mock.requests[mock.requests.length - 1];
      const answeredFromRecording = entry?.answeredFrom?.includes(recording.operationId) === true;
      // A file answer arrives as the recorded text, with its media type; a JSON one as the recorded value.
      const recordedType = recording.response.headers?.["content-type"];
      const sameFile = typeof recording.response.body !== "string" || (text === recording.response.body && response.headers.get("content-type") === recordedType);
      if (response.status !== recording.response.status || entry?.operationId !== recording.operationId || !answeredFromRecording || !sameFile) {
        problems.push(`${file}: ${entry?.operationId} answered ${response.status} from ${entry?.answeredFrom}: ${text.slice(0, 200)}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("serves every operation of the spec, the file uploads and download included", async () => {
    const model = buildModel(await loadSpec(SPEC_DIR));
    // What the replay above reached: one 2xx recording per operation.
    const served = new Set(mock.requests.map((entry) => entry.operationId));
    expect(model.operations.filter((operation) => !served.has(operation.operationId)).map((o) => o.operationId)).toEqual([]);
    expect(model.operations).toHaveLength(174);
    const files = model.operations.filter((operation) => operation.body?.mediaType === "multipart/form-data" || operation.success.kind === "file");
    expect(files.map((operation) => operation.operationId).filter((id) => served.has(id)).sort()).toEqual(["downloadCsvExport", "uploadAttachment", "uploadCsvFile"]);
  });
});
