/**
 * What the transport does with each answer when `validateResponses` or `capture` is on: capture it, check it
 * against the spec, report the drift. A transport built with either option loads this module (with the generated
 * validators) by a dynamic import; a client without them never loads their code.
 */
import { Capture, type CapturedExchange } from "./capture.js";
import type { AnswerOptions, RequestOptions } from "./client.js";
import { describeProblems, findDrift, type AnswerSpec, type DriftReport } from "./drift.js";
import type { GrinfiError, ResponseValidationError } from "./errors.js";
import type { Redactor } from "./redact.js";

/**
 * Looks at one answer as the transport has it (the key already removed from all but a success's body): `body` is
 * a success's parsed JSON (undefined when empty) or an error's body. Rejects with a GrinfiError when validation
 * throws or capture fails.
 */
export type AnswerInspector = (
  method: string,
  path: string,
  request: RequestOptions,
  response: Response,
  body: unknown,
) => Promise<void>;

/**
 * What the generated `src/validators.ts` exports for the transport. The transport hands over its error classes
 * rather than this module importing them: this module and the ones it imports share no code with the transport's,
 * so a bundler puts them all in the lazily loaded chunk, and a client that never turns validation or capture on
 * loads no byte of them.
 */
export interface InspectorModule {
  inspector(
    options: AnswerOptions,
    redactor: Redactor,
    grinfiError: typeof GrinfiError,
    responseValidationError: typeof ResponseValidationError,
  ): AnswerInspector;
}

/** The transport's error classes (see InspectorModule). */
export interface InspectorErrors {
  GrinfiError: typeof GrinfiError;
  ResponseValidationError: typeof ResponseValidationError;
}

export function createAnswerInspector(
  options: AnswerOptions,
  redactor: Redactor,
  errors: InspectorErrors,
  spec: AnswerSpec,
): AnswerInspector {
  const { GrinfiError } = errors;
  const mode = options.validateResponses ?? "off";
  const onDrift = options.onDrift ?? warnOfDrift;
  const withValues = options.driftValues === true;
  let capture: Capture | undefined;
  try {
    capture = options.capture && new Capture(options.capture, spec.sdk, redactor);
  } catch (cause) {
    // Thrown by each call rather than here: the transport builds the inspector when it is built, and nothing
    // awaits that until the first answer.
    const error = new GrinfiError(`capture: ${cause instanceof Error ? cause.message : String(cause)}`);
    return () => Promise.reject(error);
  }
  return async (method, path, request, response, body) => {
    const operation = spec.operations[`${method} ${path}`];
    if (operation === undefined) return;
    const answer: CapturedExchange = {
      method,
      path,
      url: response.url || requestUrl(path, request),
      requestBody: request.body,
      status: response.status,
      headers: response.headers,
      body,
    };
    try {
      await capture?.keep(operation.operationId, answer);
    } catch (cause) {
      // Not a network error: the transport must not retry the call for it.
      throw new GrinfiError(`${operation.operationId}: capturing the answer failed: ${String(cause)}`, { cause });
    }
    if (mode === "off") return;
    const problems = findDrift(operation, answer.status, answer.body, withValues);
    if (problems.length === 0) return;
    const report: DriftReport = {
      operationId: operation.operationId,
      method: answer.method,
      path: answer.path,
      status: answer.status,
      // A field's name could be anything the server sent, the key included.
      problems: problems.map((problem) => ({
        ...problem,
        pointer: redactor.text(problem.pointer),
        ...("value" in problem && { value: redactor.value(problem.value) }),
      })),
    };
    try {
      await onDrift(report);
    } catch (cause) {
      throw cause instanceof GrinfiError ? cause : new GrinfiError(`${operation.operationId}: onDrift failed: ${String(cause)}`, { cause });
    }
    // An error answer is already an error: its drift is reported, and the call fails with its APIError.
    const success = answer.status >= 200 && answer.status < 300;
    if (mode === "throw" && success && report.problems.some((problem) => problem.severity === "drift")) {
      const message = `${report.operationId} answered ${report.status}, which differs from the spec: ${describeProblems(report)}`;
      throw Object.assign(new errors.ResponseValidationError(message, { status: report.status }), { report });
    }
  };
}

/**
 * The URL a request went to, rebuilt from its parts for the rare response without one (a custom `fetch` that
 * builds its own): the path filled in, the query as plain pairs.
 */
function requestUrl(path: string, request: RequestOptions): string {
  const filled = path.replace(/\{([^}]+)\}/g, (_match, name: string) => encodeURIComponent(String(request.params?.path?.[name] ?? "")));
  const url = new URL(filled, "http://localhost");
  for (const [name, value] of Object.entries(request.params?.query ?? {})) {
    for (const item of [value].flat()) if (item !== undefined && item !== null) url.searchParams.append(name, String(item));
  }
  for (const [name, value] of request.filterQuery ?? []) url.searchParams.append(name, value);
  return url.href;
}

/** The default `onDrift`: one line on the console, without values. */
function warnOfDrift(report: DriftReport): void {
  console.warn(`@grinfi/sdk: ${report.operationId} (${report.status}) differs from the spec: ${describeProblems(report)}`);
}
