import { describe, expectTypeOf, test } from "vitest";
import type {
  Activity, AiAgent, AiTemplate, Attachment, Automation, AutomationContact, AutomationFolder, Company,
  CompanyBlacklistEntry, Contact, ContactBlacklistEntry, ContactList, ContactPage, ContactStatus, CustomField,
  DataSource, Email, EmailBody, EnrichmentQueueEntry, GetContactResponse, Grinfi, LinkedinBrowser, LinkedinConversation,
  LinkedinMessage, Mailbox, MailboxError, Note, SearchContactsItem, SearchContactsResponse, SenderProfile, Task,
  TaskStatus, Team, UserModel, Webhook, ContactRepliedEmailEvent, WebhookEmail, WebhookLinkedinMessage, WebhookPayload,
} from "../../generated/src/index.ts";
import { parseWebhookEvent } from "../../generated/src/index.ts";

/**
 * Compile-time guarantees of the generated client, checked by vitest's typecheck mode (tsc): an assertion that
 * does not hold, or a `@ts-expect-error` line that compiles, fails the test. Nothing here runs.
 */
declare const grinfi: Grinfi;

describe("filters", () => {
  test("accept the operation's fields, operators and values only", () => {
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
  });

  test("type raw filter objects too", () => {
    void grinfi.tasks.list({ filter: { status: ["closed", "failed"], executed_at: { ">=": "2026-01-01" } } });
    // @ts-expect-error — unknown field in a raw filter object
    void grinfi.tasks.list({ filter: { colour: "red" } });
  });

  test("are one type per resource where the operations filter the same fields", () => {
    expectTypeOf(grinfi.contacts.filters.count()).toEqualTypeOf(grinfi.contacts.filters.search());
    expectTypeOf(grinfi.contacts.filters.enrich()).toEqualTypeOf(grinfi.contacts.filters.getMetrics());
    // Counting messages by group filters on `sent_at`, listing them does not.
    grinfi.linkedinMessages.filters.countByGroup().where("sent_at", ">=", "2026-01-01");
    // @ts-expect-error — the message list has no `sent_at` filter
    grinfi.linkedinMessages.filters.list().where("sent_at", ">=", "2026-01-01");
  });
});

describe("parameters", () => {
  test("path parameters are required", () => {
    void grinfi.automations.start({ flowUuid: "3a4ac30b-1321-449c-9b37-e9fe3174e00e" });
    // @ts-expect-error — the automation's UUID is missing
    void grinfi.automations.start({});
    // @ts-expect-error — no params at all
    void grinfi.contacts.get();
  });

  test("params may be left out when nothing is required", () => {
    void grinfi.notes.list();
    void grinfi.contacts.searchAll();
    // @ts-expect-error — listing activities requires a filter
    void grinfi.activities.list();
  });

  test("request enums are closed", () => {
    // @ts-expect-error — not a pipeline stage category
    void grinfi.pipelineStages.create({ name: "Won", object: "lead", category: "won" });
  });

  test("mass actions are discriminated on their type", () => {
    void grinfi.contacts.massAction({ type: "contact_add_tags", filter: { ids: ["x"] }, payload: { tag_uuid: "y" } });
    // @ts-expect-error — adding tags needs a tag_uuid, not a list_uuid
    void grinfi.contacts.massAction({ type: "contact_add_tags", filter: { ids: ["x"] }, payload: { list_uuid: "y" } });
    // @ts-expect-error — unknown action type
    void grinfi.contacts.massAction({ type: "contact_teleport", filter: { ids: ["x"] } });
  });
});

describe("answers", () => {
  test("are typed from the spec, with response enums open to new values", () => {
    expectTypeOf<GetContactResponse["uuid"]>().toEqualTypeOf<string>();
    // A status the server adds later still fits the answer's type…
    expectTypeOf<"brand_new_status">().toExtend<NonNullable<SearchContactsItem["status"]>>();
    // ContactStatus is an open set (one documented value): any string fits, in requests too.
    expectTypeOf<"brand_new_status">().toExtend<ContactStatus>();
    // A closed enum itself, used in requests, stays closed.
    expectTypeOf<"brand_new_status">().not.toExtend<TaskStatus>();
    expectTypeOf<"skipped">().toExtend<TaskStatus>();
  });

  test("are the named model types", () => {
    expectTypeOf<GetContactResponse>().toEqualTypeOf<Contact>();
    expectTypeOf<SearchContactsResponse>().toEqualTypeOf<ContactPage>();
    expectTypeOf<SearchContactsItem>().toEqualTypeOf<Contact>();
    expectTypeOf(grinfi.user.getCurrent).returns.resolves.toEqualTypeOf<UserModel>();
    expectTypeOf(grinfi.notes.listAll()).toEqualTypeOf<AsyncIterableIterator<Note>>();
  });

  test("pages keep the envelope's fields and say which items they hold", () => {
    expectTypeOf<ContactPage["data"]>().toEqualTypeOf<Contact[]>();
    // Only `data` is promised (spec/README.md, Evidence): the page fields may be left out.
    expectTypeOf<ContactPage["total"]>().toEqualTypeOf<number | undefined>();
    expectTypeOf<ContactPage["has_more"]>().toEqualTypeOf<boolean | undefined>();
  });
});

/**
 * `page.data.map((c) => c.name)` must see contacts: the list envelope's own `data` is a list of anything, and an
 * intersection with it would make every callback's item `unknown`.
 */
describe("page items are typed on every paginated answer", () => {
  type ResourceName = Exclude<keyof Grinfi, "transport" | "raw">;
  /** `"<resource>.<method>"` of every method that iterates over pages. */
  type Iterators = {
    [R in ResourceName]: {
      [M in keyof Grinfi[R]]: Grinfi[R][M] extends (...args: never[]) => AsyncIterableIterator<unknown> ? `${R}.${M & string}` : never;
    }[keyof Grinfi[R]];
  }[ResourceName];

  test("the checks below cover every paginated operation", () => {
    const checked = [
      "activities.list",
      "aiAgents.list",
      "aiTemplates.list",
      "attachments.list",
      "automationFolders.list",
      "automations.list",
      "automations.listContacts",
      "blacklist.listCompanies",
      "blacklist.listContacts",
      "companies.list",
      "companies.search",
      "contacts.listEnrichmentQueue",
      "contacts.search",
      "customFields.list",
      "dataSources.list",
      "emails.list",
      "emails.listBodies",
      "linkedinBrowsers.list",
      "linkedinConversations.list",
      "linkedinMessages.list",
      "lists.list",
      "mailboxes.list",
      "mailboxes.listErrors",
      "notes.list",
      "senderProfiles.list",
      "tasks.list",
      "teams.list",
      "webhooks.list"
    ] as const;
    expectTypeOf<`${(typeof checked)[number]}All`>().toEqualTypeOf<Iterators>();
  });

  test("mapping, filtering and finding over data see the item type", async () => {
    expectTypeOf((await grinfi.contacts.search()).data.map((c) => c.name)).toEqualTypeOf<Contact["name"][]>();
    const activitiesList = (await grinfi.activities.list({ filter: {} })).data;
    expectTypeOf(activitiesList.map((item) => item)).toEqualTypeOf<Activity[]>();
    expectTypeOf(activitiesList.filter((item) => item !== undefined)).toEqualTypeOf<Activity[]>();
    expectTypeOf(activitiesList.find((item) => item !== undefined)).toEqualTypeOf<Activity | undefined>();
    const automationFoldersList = (await grinfi.automationFolders.list()).data;
    expectTypeOf(automationFoldersList.map((item) => item)).toEqualTypeOf<AutomationFolder[]>();
    expectTypeOf(automationFoldersList.filter((item) => item !== undefined)).toEqualTypeOf<AutomationFolder[]>();
    expectTypeOf(automationFoldersList.find((item) => item !== undefined)).toEqualTypeOf<AutomationFolder | undefined>();
    const automationsList = (await grinfi.automations.list()).data;
    expectTypeOf(automationsList.map((item) => item)).toEqualTypeOf<Automation[]>();
    expectTypeOf(automationsList.filter((item) => item !== undefined)).toEqualTypeOf<Automation[]>();
    expectTypeOf(automationsList.find((item) => item !== undefined)).toEqualTypeOf<Automation | undefined>();
    const automationsListContacts = (await grinfi.automations.listContacts()).data;
    expectTypeOf(automationsListContacts.map((item) => item)).toEqualTypeOf<AutomationContact[]>();
    expectTypeOf(automationsListContacts.filter((item) => item !== undefined)).toEqualTypeOf<AutomationContact[]>();
    expectTypeOf(automationsListContacts.find((item) => item !== undefined)).toEqualTypeOf<AutomationContact | undefined>();
    const companiesList = (await grinfi.companies.list()).data;
    expectTypeOf(companiesList.map((item) => item)).toEqualTypeOf<Company[]>();
    expectTypeOf(companiesList.filter((item) => item !== undefined)).toEqualTypeOf<Company[]>();
    expectTypeOf(companiesList.find((item) => item !== undefined)).toEqualTypeOf<Company | undefined>();
    const companiesSearch = (await grinfi.companies.search()).data;
    expectTypeOf(companiesSearch.map((item) => item)).toEqualTypeOf<Company[]>();
    expectTypeOf(companiesSearch.filter((item) => item !== undefined)).toEqualTypeOf<Company[]>();
    expectTypeOf(companiesSearch.find((item) => item !== undefined)).toEqualTypeOf<Company | undefined>();
    const contactsListEnrichmentQueue = (await grinfi.contacts.listEnrichmentQueue()).data;
    expectTypeOf(contactsListEnrichmentQueue.map((item) => item)).toEqualTypeOf<EnrichmentQueueEntry[]>();
    expectTypeOf(contactsListEnrichmentQueue.filter((item) => item !== undefined)).toEqualTypeOf<EnrichmentQueueEntry[]>();
    expectTypeOf(contactsListEnrichmentQueue.find((item) => item !== undefined)).toEqualTypeOf<EnrichmentQueueEntry | undefined>();
    const contactsSearch = (await grinfi.contacts.search()).data;
    expectTypeOf(contactsSearch.map((item) => item)).toEqualTypeOf<Contact[]>();
    expectTypeOf(contactsSearch.filter((item) => item !== undefined)).toEqualTypeOf<Contact[]>();
    expectTypeOf(contactsSearch.find((item) => item !== undefined)).toEqualTypeOf<Contact | undefined>();
    const customFieldsList = (await grinfi.customFields.list()).data;
    expectTypeOf(customFieldsList.map((item) => item)).toEqualTypeOf<CustomField[]>();
    expectTypeOf(customFieldsList.filter((item) => item !== undefined)).toEqualTypeOf<CustomField[]>();
    expectTypeOf(customFieldsList.find((item) => item !== undefined)).toEqualTypeOf<CustomField | undefined>();
    const dataSourcesList = (await grinfi.dataSources.list()).data;
    expectTypeOf(dataSourcesList.map((item) => item)).toEqualTypeOf<DataSource[]>();
    expectTypeOf(dataSourcesList.filter((item) => item !== undefined)).toEqualTypeOf<DataSource[]>();
    expectTypeOf(dataSourcesList.find((item) => item !== undefined)).toEqualTypeOf<DataSource | undefined>();
    const emailsList = (await grinfi.emails.list()).data;
    expectTypeOf(emailsList.map((item) => item)).toEqualTypeOf<Email[]>();
    expectTypeOf(emailsList.filter((item) => item !== undefined)).toEqualTypeOf<Email[]>();
    expectTypeOf(emailsList.find((item) => item !== undefined)).toEqualTypeOf<Email | undefined>();
    const emailsListBodies = (await grinfi.emails.listBodies()).data;
    expectTypeOf(emailsListBodies.map((item) => item)).toEqualTypeOf<EmailBody[]>();
    expectTypeOf(emailsListBodies.filter((item) => item !== undefined)).toEqualTypeOf<EmailBody[]>();
    expectTypeOf(emailsListBodies.find((item) => item !== undefined)).toEqualTypeOf<EmailBody | undefined>();
    const linkedinBrowsersList = (await grinfi.linkedinBrowsers.list()).data;
    expectTypeOf(linkedinBrowsersList.map((item) => item)).toEqualTypeOf<LinkedinBrowser[]>();
    expectTypeOf(linkedinBrowsersList.filter((item) => item !== undefined)).toEqualTypeOf<LinkedinBrowser[]>();
    expectTypeOf(linkedinBrowsersList.find((item) => item !== undefined)).toEqualTypeOf<LinkedinBrowser | undefined>();
    const linkedinMessagesList = (await grinfi.linkedinMessages.list()).data;
    expectTypeOf(linkedinMessagesList.map((item) => item)).toEqualTypeOf<LinkedinMessage[]>();
    expectTypeOf(linkedinMessagesList.filter((item) => item !== undefined)).toEqualTypeOf<LinkedinMessage[]>();
    expectTypeOf(linkedinMessagesList.find((item) => item !== undefined)).toEqualTypeOf<LinkedinMessage | undefined>();
    const listsList = (await grinfi.lists.list()).data;
    expectTypeOf(listsList.map((item) => item)).toEqualTypeOf<ContactList[]>();
    expectTypeOf(listsList.filter((item) => item !== undefined)).toEqualTypeOf<ContactList[]>();
    expectTypeOf(listsList.find((item) => item !== undefined)).toEqualTypeOf<ContactList | undefined>();
    const mailboxesList = (await grinfi.mailboxes.list()).data;
    expectTypeOf(mailboxesList.map((item) => item)).toEqualTypeOf<Mailbox[]>();
    expectTypeOf(mailboxesList.filter((item) => item !== undefined)).toEqualTypeOf<Mailbox[]>();
    expectTypeOf(mailboxesList.find((item) => item !== undefined)).toEqualTypeOf<Mailbox | undefined>();
    const mailboxesListErrors = (await grinfi.mailboxes.listErrors()).data;
    expectTypeOf(mailboxesListErrors.map((item) => item)).toEqualTypeOf<MailboxError[]>();
    expectTypeOf(mailboxesListErrors.filter((item) => item !== undefined)).toEqualTypeOf<MailboxError[]>();
    expectTypeOf(mailboxesListErrors.find((item) => item !== undefined)).toEqualTypeOf<MailboxError | undefined>();
    const notesList = (await grinfi.notes.list()).data;
    expectTypeOf(notesList.map((item) => item)).toEqualTypeOf<Note[]>();
    expectTypeOf(notesList.filter((item) => item !== undefined)).toEqualTypeOf<Note[]>();
    expectTypeOf(notesList.find((item) => item !== undefined)).toEqualTypeOf<Note | undefined>();
    const senderProfilesList = (await grinfi.senderProfiles.list()).data;
    expectTypeOf(senderProfilesList.map((item) => item)).toEqualTypeOf<SenderProfile[]>();
    expectTypeOf(senderProfilesList.filter((item) => item !== undefined)).toEqualTypeOf<SenderProfile[]>();
    expectTypeOf(senderProfilesList.find((item) => item !== undefined)).toEqualTypeOf<SenderProfile | undefined>();
    const tasksList = (await grinfi.tasks.list()).data;
    expectTypeOf(tasksList.map((item) => item)).toEqualTypeOf<Task[]>();
    expectTypeOf(tasksList.filter((item) => item !== undefined)).toEqualTypeOf<Task[]>();
    expectTypeOf(tasksList.find((item) => item !== undefined)).toEqualTypeOf<Task | undefined>();
    const teamsList = (await grinfi.teams.list()).data;
    expectTypeOf(teamsList.map((item) => item)).toEqualTypeOf<Team[]>();
    expectTypeOf(teamsList.filter((item) => item !== undefined)).toEqualTypeOf<Team[]>();
    expectTypeOf(teamsList.find((item) => item !== undefined)).toEqualTypeOf<Team | undefined>();
    const aiAgentsList = (await grinfi.aiAgents.list()).data;
    expectTypeOf(aiAgentsList.map((item) => item)).toEqualTypeOf<AiAgent[]>();
    expectTypeOf(aiAgentsList.filter((item) => item !== undefined)).toEqualTypeOf<AiAgent[]>();
    expectTypeOf(aiAgentsList.find((item) => item !== undefined)).toEqualTypeOf<AiAgent | undefined>();
    const aiTemplatesList = (await grinfi.aiTemplates.list()).data;
    expectTypeOf(aiTemplatesList.map((item) => item)).toEqualTypeOf<AiTemplate[]>();
    expectTypeOf(aiTemplatesList.filter((item) => item !== undefined)).toEqualTypeOf<AiTemplate[]>();
    expectTypeOf(aiTemplatesList.find((item) => item !== undefined)).toEqualTypeOf<AiTemplate | undefined>();
    const attachmentsList = (await grinfi.attachments.list()).data;
    expectTypeOf(attachmentsList.map((item) => item)).toEqualTypeOf<Attachment[]>();
    expectTypeOf(attachmentsList.filter((item) => item !== undefined)).toEqualTypeOf<Attachment[]>();
    expectTypeOf(attachmentsList.find((item) => item !== undefined)).toEqualTypeOf<Attachment | undefined>();
    const blacklistListCompanies = (await grinfi.blacklist.listCompanies()).data;
    expectTypeOf(blacklistListCompanies.map((item) => item)).toEqualTypeOf<CompanyBlacklistEntry[]>();
    expectTypeOf(blacklistListCompanies.filter((item) => item !== undefined)).toEqualTypeOf<CompanyBlacklistEntry[]>();
    expectTypeOf(blacklistListCompanies.find((item) => item !== undefined)).toEqualTypeOf<CompanyBlacklistEntry | undefined>();
    const blacklistListContacts = (await grinfi.blacklist.listContacts()).data;
    expectTypeOf(blacklistListContacts.map((item) => item)).toEqualTypeOf<ContactBlacklistEntry[]>();
    expectTypeOf(blacklistListContacts.filter((item) => item !== undefined)).toEqualTypeOf<ContactBlacklistEntry[]>();
    expectTypeOf(blacklistListContacts.find((item) => item !== undefined)).toEqualTypeOf<ContactBlacklistEntry | undefined>();
    const linkedinConversationsList = (await grinfi.linkedinConversations.list()).data;
    expectTypeOf(linkedinConversationsList.map((item) => item)).toEqualTypeOf<LinkedinConversation[]>();
    expectTypeOf(linkedinConversationsList.filter((item) => item !== undefined)).toEqualTypeOf<LinkedinConversation[]>();
    expectTypeOf(linkedinConversationsList.find((item) => item !== undefined)).toEqualTypeOf<LinkedinConversation | undefined>();
    const webhooksList = (await grinfi.webhooks.list()).data;
    expectTypeOf(webhooksList.map((item) => item)).toEqualTypeOf<Webhook[]>();
    expectTypeOf(webhooksList.filter((item) => item !== undefined)).toEqualTypeOf<Webhook[]>();
    expectTypeOf(webhooksList.find((item) => item !== undefined)).toEqualTypeOf<Webhook | undefined>();
  });
});

describe("webhooks", () => {
  test("parseWebhookEvent answers the union of events and narrows it on event_name", () => {
    const event = parseWebhookEvent("{}");
    expectTypeOf(event).toEqualTypeOf<WebhookPayload>();
    // @ts-expect-error — only some events carry an email: the union does not promise one
    void event.email;
    if (event.event_name === "contact_replied_email") {
      expectTypeOf(event).toEqualTypeOf<ContactRepliedEmailEvent>();
      expectTypeOf(event.email).toEqualTypeOf<WebhookEmail>();
    } else if (event.event_name === "contact_replied_linkedin_message") {
      expectTypeOf(event.linkedin_message).toEqualTypeOf<WebhookLinkedinMessage>();
      // @ts-expect-error — a LinkedIn reply has no email
      void event.email;
    }
  });
});
