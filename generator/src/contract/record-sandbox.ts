import { randomBytes } from "node:crypto";
import { isRecord } from "../load/pointer.ts";
import type { ConcreteRequest, PlannedOperation, RecordPool } from "./record-plan.ts";

/**
 * The writes `record --allow-writes --sandbox-list <uuid>` sends: one invented contact created in the sandbox
 * list, changed, given a note and a custom field value, then deleted again. Nothing else is written; every
 * other write is skipped, since it would change records the run did not create (or send real messages).
 */
export interface SandboxState {
  readonly listUuid: string;
  /** Unique to the run, so the upsert can only ever create, never match someone real. */
  readonly email: string;
  readonly linkedinId: string;
  contactUuid?: string;
  noteUuid?: string;
}

export interface SandboxStep {
  operationId: string;
  /** The step whose record this one works on; it is sent first even when not selected. */
  requires?: string;
  /** The step whose record this one deletes: sent whenever that one is, also after a failure. */
  cleans?: string;
  /** Kinds of existing records it reads from the pool (listed first if no answer in the run has them). */
  uses?: string[];
  /** The request, or why the step cannot be sent. */
  build(operation: PlannedOperation, state: SandboxState, pool: RecordPool): ConcreteRequest | string;
  /** Keeps what later steps need from a 2xx answer; a returned text stops the sequence (cleanup still runs). */
  accept?(status: number, body: unknown, state: SandboxState): string | undefined;
}

export function newSandboxState(listUuid: string): SandboxState {
  const tag = randomBytes(6).toString("hex");
  // Reserved domain and an `example` slug: synthetic by the privacy rules, and unique to this run.
  return { listUuid, email: `grinfi-codegen-${tag}@example.com`, linkedinId: `example-grinfi-codegen-${tag}` };
}

const NO_CONTACT = "no sandbox contact was created";
const NO_NOTE = "no note was created on the sandbox contact";
/** Fields that identify a person: changing them could make the test contact collide with a real one. */
const IDENTITY_FIELDS = ["email", "linkedin", "linkedin_id", "ln_id", "sn_id"];

function exampleObject(operation: PlannedOperation): Record<string, unknown> {
  return isRecord(operation.bodyExample) ? structuredClone(operation.bodyExample) : {};
}

function request(operation: PlannedOperation, pathValues: Record<string, string>, body?: unknown): ConcreteRequest {
  const path = operation.path.replace(/\{([^}]+)\}/g, (_m, name: string) => encodeURIComponent(pathValues[name] ?? ""));
  return { method: operation.method, pathTemplate: operation.path, path, query: {}, ...(body !== undefined && { body }), pathValues };
}

/** The path parameter of an operation on one record, whatever the spec calls it. */
function onlyPathParameter(operation: PlannedOperation): string {
  return /\{([^}]+)\}/.exec(operation.path)?.[1] ?? "uuid";
}

function created(status: number, body: unknown): string | undefined {
  return status >= 200 && status < 300 && isRecord(body) && typeof body.uuid === "string" ? body.uuid : undefined;
}

export const SANDBOX_STEPS: readonly SandboxStep[] = [
  {
    operationId: "upsertContact",
    build(operation, state) {
      const example = exampleObject(operation);
      const lead = isRecord(example.lead) ? example.lead : {};
      const names = Object.fromEntries(["first_name", "last_name", "company_name"].filter((k) => typeof lead[k] === "string").map((k) => [k, lead[k]]));
      // No custom_fields: they name team-wide definitions. update_if_exists false: never touch an existing contact.
      return request(operation, {}, {
        lead: { ...names, linkedin_id: state.linkedinId, email: state.email },
        list_uuid: state.listUuid,
        update_if_exists: false,
        move_to_list: false,
      });
    },
    accept(status, body, state) {
      const uuid = created(status, body);
      const answer = isRecord(body) ? body : {};
      // Ours only if it sits in the sandbox list and every identifier it shows is the one this run invented.
      const shown = ["email", "work_email", "linkedin"].map((field) => answer[field]).filter((value): value is string => typeof value === "string");
      const mine = (value: string) => [state.email, state.linkedinId].includes(value.toLowerCase());
      if (uuid === undefined || answer.list_uuid !== state.listUuid || shown.length === 0 || !shown.every(mine)) {
        return "the answer is not recognisably the new contact in the sandbox list, so nothing more is written";
      }
      state.contactUuid = uuid;
      return undefined;
    },
  },
  {
    operationId: "updateContact",
    requires: "upsertContact",
    build(operation, state) {
      if (!state.contactUuid) return NO_CONTACT;
      const body = exampleObject(operation);
      for (const field of IDENTITY_FIELDS) delete body[field];
      return request(operation, { [onlyPathParameter(operation)]: state.contactUuid }, body);
    },
  },
  {
    operationId: "setCustomFieldValue",
    requires: "upsertContact",
    uses: ["CustomField"],
    build(operation, state, pool) {
      if (!state.contactUuid) return NO_CONTACT;
      // A definition is team-wide, but the value set here lives on the sandbox contact only.
      const field = pool.get("CustomField")?.find((candidate) => candidate.object === "lead" && typeof candidate.uuid === "string");
      if (!field) return "the team has no contact custom field (listCustomFields listed none) to set a value of";
      return request(operation, {}, { ...exampleObject(operation), custom_field_uuid: field.uuid, object_type: "lead", object_uuid: state.contactUuid });
    },
  },
  {
    operationId: "createNote",
    requires: "upsertContact",
    build(operation, state) {
      if (!state.contactUuid) return NO_CONTACT;
      return request(operation, {}, { ...exampleObject(operation), object: "lead", object_uuid: state.contactUuid });
    },
    accept(status, body, state) {
      const uuid = created(status, body);
      if (uuid === undefined) return "the note was not created, so it is neither changed nor deleted";
      state.noteUuid = uuid;
      return undefined;
    },
  },
  {
    operationId: "updateNote",
    requires: "createNote",
    build(operation, state) {
      if (!state.noteUuid) return NO_NOTE;
      return request(operation, { [onlyPathParameter(operation)]: state.noteUuid }, exampleObject(operation));
    },
  },
  {
    operationId: "deleteNote",
    requires: "createNote",
    cleans: "createNote",
    build(operation, state) {
      if (!state.noteUuid) return NO_NOTE;
      return request(operation, { [onlyPathParameter(operation)]: state.noteUuid });
    },
    accept(status, _body, state) {
      if (status >= 200 && status < 300) delete state.noteUuid;
      return undefined;
    },
  },
  {
    operationId: "deleteContact",
    requires: "upsertContact",
    cleans: "upsertContact",
    build(operation, state) {
      if (!state.contactUuid) return NO_CONTACT;
      return request(operation, { [onlyPathParameter(operation)]: state.contactUuid });
    },
    accept(status, _body, state) {
      if (status >= 200 && status < 300) delete state.contactUuid;
      return undefined;
    },
  },
];

/** Steps to send so that `wanted` can be recorded: their prerequisites, and the cleanup of anything created. */
export function sandboxStepsToSend(wanted: ReadonlySet<string>): SandboxStep[] {
  const include = new Set(wanted);
  for (let changed = true; changed; ) {
    changed = false;
    for (const step of SANDBOX_STEPS) {
      const needed = include.has(step.operationId) ? step.requires : undefined;
      const cleanup = step.cleans !== undefined && include.has(step.cleans) && !include.has(step.operationId);
      if (needed !== undefined && !include.has(needed)) {
        include.add(needed);
        changed = true;
      }
      if (cleanup) {
        include.add(step.operationId);
        changed = true;
      }
    }
  }
  return SANDBOX_STEPS.filter((step) => include.has(step.operationId));
}

/** Why a write other than the sandbox steps is not sent. */
export function writeSkipReason(operationId: string): string {
  if (/^send/.test(operationId)) return "would send a real message to a real person";
  if (operationId === "testWebhook") return "would deliver a test event to a webhook's real URL";
  return "cannot be confined to records this run creates in the sandbox list";
}
