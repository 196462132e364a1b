import { describe, expect, expectTypeOf, it } from "vitest";
import { Grinfi, type TaskStatus, type GetContactResponse, type ContactStatus, type SearchContactsItem } from "../../generated/src/index.ts";

/**
 * Compile-time guarantees of the generated client. `npm test` type-checks this file (tsc --noEmit over
 * test/**): every `@ts-expect-error` below must be an error, or the type-check fails.
 */
const grinfi = new Grinfi({ apiKey: "k", baseUrl: "http://127.0.0.1:9", rateLimit: false });

function filterFieldsAndOperators(): void {
  const search = grinfi.contacts.filters.search();
  search.where("email_status", "=", "ok").where("connections_number", ">=", 100).isNull("work_email");
  // @ts-expect-error — not a field of the contact search filter
  search.where("favourite_colour", "=", "blue");
  // @ts-expect-error — order operators only apply to numbers and dates, not to text
  search.where("first_name", ">", "M");
  // @ts-expect-error — a number field takes numbers
  search.where("connections_number", "=", "many");
  const tasks = grinfi.tasks.filters.list();
  // @ts-expect-error — `status` is never null, so there is no null check on it
  tasks.isNull("status");
  // @ts-expect-error — not a task status
  tasks.equals("status", "done");
  tasks.in("type", ["email_send_message"]);
  // @ts-expect-error — IN takes an array of the field's values
  tasks.in("type", "email_send_message");
}

function rawFilterObjectsAreTypedToo(): void {
  void grinfi.tasks.list({ filter: { status: ["closed", "failed"], executed_at: { ">=": "2026-01-01" } } });
  // @ts-expect-error — unknown field in a raw filter object
  void grinfi.tasks.list({ filter: { colour: "red" } });
}

function pathParametersAreRequired(): void {
  void grinfi.automations.start({ flowUuid: "3a4ac30b-1321-449c-9b37-e9fe3174e00e" });
  // @ts-expect-error — the automation's UUID is missing
  void grinfi.automations.start({});
  // @ts-expect-error — no params at all
  void grinfi.contacts.get();
}

function requestEnumsAreClosed(): void {
  // @ts-expect-error — not a pipeline stage category
  void grinfi.pipelineStages.create({ name: "Won", object: "lead", category: "won" });
}

function massActionsAreDiscriminated(): void {
  void grinfi.contacts.massAction({ type: "contact_add_tags", filter: { ids: ["x"] }, payload: { tag_uuid: "y" } });
  // @ts-expect-error — adding tags needs a tag_uuid, not a list_uuid
  void grinfi.contacts.massAction({ type: "contact_add_tags", filter: { ids: ["x"] }, payload: { list_uuid: "y" } });
  // @ts-expect-error — unknown action type
  void grinfi.contacts.massAction({ type: "contact_teleport", filter: { ids: ["x"] } });
}

describe("generated client types", () => {
  it("types answers from the spec, with response enums open to new values", () => {
    expectTypeOf<GetContactResponse["uuid"]>().toEqualTypeOf<string>();
    // A status the server adds later still fits the answer's type…
    expectTypeOf<"brand_new_status">().toMatchTypeOf<NonNullable<SearchContactsItem["status"]>>();
    // ContactStatus is an open set (one documented value): any string fits, in requests too.
    expectTypeOf<"brand_new_status">().toMatchTypeOf<ContactStatus>();
    // A closed enum itself, used in requests, stays closed.
    expectTypeOf<"brand_new_status">().not.toMatchTypeOf<TaskStatus>();
    expectTypeOf<"skipped">().toMatchTypeOf<TaskStatus>();
    expect([filterFieldsAndOperators, rawFilterObjectsAreTypedToo, pathParametersAreRequired, requestEnumsAreClosed, massActionsAreDiscriminated]).toHaveLength(5);
  });
});
