/**
 * Checks tool arguments against the operation's JSON Schema before anything is sent: the API drops unknown fields
 * silently on some calls and answers 500 to unknown filter fields on others, so a typo is caught here, by name.
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import type { OperationSpec } from "./operations.js";

// ajv-formats is CommonJS: its default import is `module.exports`, which carries the plugin as `default` too.
const addFormats = addFormatsModule.default;

/** At most this many problems are listed; the rest are counted. */
const MAX_LISTED = 8;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function where(error: ErrorObject): string {
  return error.instancePath ? error.instancePath.slice(1).replace(/\//g, ".") : "arguments";
}

function describe(error: ErrorObject): string {
  const at = where(error);
  if (error.keyword === "additionalProperties") {
    const properties = isObject(error.parentSchema) ? error.parentSchema["properties"] : undefined;
    const known = isObject(properties) ? Object.keys(properties) : [];
    const name = String(error.params["additionalProperty"]);
    return `${at}: unknown property "${name}"${known.length ? `; known: ${known.join(", ")}` : ""}`;
  }
  if (error.keyword === "required") return `${at}: "${String(error.params["missingProperty"])}" is required`;
  if (error.keyword === "enum") {
    const allowed = Array.isArray(error.params["allowedValues"]) ? error.params["allowedValues"] : [];
    return `${at}: must be one of ${allowed.map((value) => JSON.stringify(value)).join(", ")}`;
  }
  if (error.keyword === "anyOf" || error.keyword === "oneOf") return `${at}: fits none of the forms its schema allows`;
  return `${at}: ${error.message ?? "is not valid"}`;
}

/**
 * The errors worth reading: where a value fits none of a union's forms (`anyOf`, possibly through `$ref`s), ajv also
 * reports why each form failed, at that value and below it; one line for the value says it better.
 */
function relevant(errors: readonly ErrorObject[]): ErrorObject[] {
  const isUnion = (error: ErrorObject) => error.keyword === "anyOf" || error.keyword === "oneOf";
  const under = (path: string, root: string) => path === root || path.startsWith(`${root}/`);
  const unionPaths = errors.filter(isUnion).map((error) => error.instancePath);
  const outermost = unionPaths.filter((path) => !unionPaths.some((other) => other !== path && under(path, other)));
  const kept = errors.filter((error) => !outermost.some((root) => under(error.instancePath, root)));
  const unions = outermost.map((root) => errors.find((error) => isUnion(error) && error.instancePath === root));
  return [...kept, ...unions.filter((error): error is ErrorObject => error !== undefined)];
}

/** Compiles each operation's schema once, on its first call. */
export class ArgumentChecker {
  readonly #ajv: Ajv2020;
  readonly #compiled = new Map<string, ValidateFunction>();

  constructor() {
    this.#ajv = new Ajv2020({ strict: false, allErrors: true, verbose: true, logger: false });
    addFormats(this.#ajv);
  }

  /** Undefined when the arguments are valid; otherwise a message listing what is wrong, by argument path. */
  check(operation: OperationSpec, args: unknown): string | undefined {
    let validate = this.#compiled.get(operation.name);
    if (!validate) {
      validate = this.#ajv.compile(operation.inputSchema);
      this.#compiled.set(operation.name, validate);
    }
    if (validate(args)) return undefined;
    const problems = [...new Set(relevant(validate.errors ?? []).map(describe))];
    const listed = problems.slice(0, MAX_LISTED).map((problem) => `- ${problem}`);
    if (problems.length > MAX_LISTED) listed.push(`- and ${problems.length - MAX_LISTED} more`);
    return [`Invalid arguments for ${operation.name}:`, ...listed].join("\n");
  }
}
