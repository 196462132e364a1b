export const FAULT_KINDS = ["latency", "status", "reset", "malformed-json", "html", "empty"] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/**
 * A fault to inject, for testing clients against a misbehaving API:
 * - `latency`: wait `ms` (default 1000), then answer normally;
 * - `status`: answer `status` (default 500) with the error envelope;
 * - `reset`: destroy the connection without answering;
 * - `malformed-json`: answer the operation's 2xx status (or `status`) with truncated JSON;
 * - `html`: answer `status` (default 502) with an HTML page, as a proxy in front of the API would;
 * - `empty`: answer the operation's 2xx status (or `status`) with `Content-Type: application/json` and no body.
 * `ms` on any other kind delays that fault by as much first.
 */
export interface Fault {
  kind: FaultKind;
  ms?: number;
  status?: number;
}

/** A fault for the requests it selects: every criterion given must match; none given selects every request. */
export interface FaultRule extends Fault {
  operationId?: string;
  method?: string;
  /** A path template (`/leads/api/leads/{uuid}`) or a concrete path (`/leads/api/leads/3a4a…`). */
  path?: string;
  /** How many requests it hits before it stops (default: all). */
  times?: number;
}

export const FAULT_HEADER = "x-mock-fault";
/** Longest delay a fault may ask for, so a typo cannot hang a test run. */
export const MAX_FAULT_DELAY_MS = 60_000;
const DEFAULT_LATENCY_MS = 1000;

function faultProblem(fault: Fault): string | undefined {
  if (!(FAULT_KINDS as readonly string[]).includes(fault.kind)) return `unknown fault kind "${String(fault.kind)}"; use one of ${FAULT_KINDS.join(", ")}`;
  if (fault.status !== undefined && !(Number.isInteger(fault.status) && fault.status >= 100 && fault.status <= 599)) return `fault status ${fault.status} is not an HTTP status (100-599)`;
  if (fault.ms !== undefined && !(Number.isFinite(fault.ms) && fault.ms >= 0 && fault.ms <= MAX_FAULT_DELAY_MS)) return `fault ms ${fault.ms} must be between 0 and ${MAX_FAULT_DELAY_MS}`;
  return undefined;
}

/** How long to wait before acting on a fault. */
export function faultDelay(fault: Fault): number {
  return fault.ms ?? (fault.kind === "latency" ? DEFAULT_LATENCY_MS : 0);
}

/** `kind[;status=503][;ms=200]` → a Fault, or a message saying what is wrong with the header. */
export function parseFaultHeader(value: string): Fault | { problem: string } {
  const [kind = "", ...settings] = value.split(";").map((part) => part.trim());
  const fault: Fault = { kind: kind as FaultKind };
  for (const setting of settings.filter(Boolean)) {
    const [key, text = ""] = setting.split("=").map((part) => part.trim());
    const number = /^\d+$/.test(text) ? Number(text) : NaN;
    if (key === "status") fault.status = number;
    else if (key === "ms") fault.ms = number;
    else return { problem: `unknown setting "${key}"; the header is kind[;status=NNN][;ms=NNN]` };
  }
  const problem = faultProblem(fault);
  return problem ? { problem: `${FAULT_HEADER}: ${problem}` } : fault;
}

/** What a request is matched against: its method and path, and the operation it was routed to, if any. */
export interface FaultTarget {
  method: string;
  path: string;
  operationId: string | undefined;
  template: string | undefined;
}

/** The configured fault rules with what is left of each rule's `times`. Checks the rules when made. */
export class FaultPlan {
  readonly #rules: { rule: FaultRule; remaining: number }[];

  constructor(rules: readonly FaultRule[]) {
    this.#rules = rules.map((rule, index) => {
      const problem = faultProblem(rule) ?? (rule.times !== undefined && !(Number.isInteger(rule.times) && rule.times > 0) ? `times ${rule.times} must be a positive integer` : undefined);
      if (problem) throw new TypeError(`faults[${index}]: ${problem}`);
      return { rule, remaining: rule.times ?? Infinity };
    });
  }

  /** The first rule that selects this request and has uses left; using it counts down its `times`. */
  take(target: FaultTarget): Fault | undefined {
    for (const entry of this.#rules) {
      const { rule } = entry;
      if (entry.remaining <= 0) continue;
      if (rule.operationId !== undefined && rule.operationId !== target.operationId) continue;
      if (rule.method !== undefined && rule.method.toUpperCase() !== target.method) continue;
      if (rule.path !== undefined && rule.path !== target.path && rule.path !== target.template) continue;
      entry.remaining--;
      return { kind: rule.kind, ...(rule.ms !== undefined && { ms: rule.ms }), ...(rule.status !== undefined && { status: rule.status }) };
    }
    return undefined;
  }
}
