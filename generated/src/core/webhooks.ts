import { GrinfiError } from "./errors.js";

/** A webhook body that is not JSON, not an object, names an unknown event, or lacks a field its event always has. */
export class WebhookParseError extends GrinfiError {
  override name = "WebhookParseError";
}

/**
 * Checks a delivered body against the known events and the fields each one always carries, and returns it
 * typed. Accepts the raw text or the already-parsed JSON. Fields beyond the required ones are not checked.
 */
export function parseWebhookBody<Event extends { event_name: string }>(
  body: unknown,
  requiredFields: Readonly<Record<string, readonly string[]>>,
): Event {
  let value = body;
  if (typeof value === "string") {
    try {
      value = JSON.parse(value);
    } catch {
      throw new WebhookParseError("Webhook body is not valid JSON");
    }
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new WebhookParseError("Webhook body must be a JSON object");
  }
  const record = value as Record<string, unknown>;
  const name = record["event_name"];
  if (typeof name !== "string") throw new WebhookParseError("Webhook body has no `event_name` string");
  const required = Object.prototype.hasOwnProperty.call(requiredFields, name) ? requiredFields[name] : undefined;
  if (!required) throw new WebhookParseError(`Unknown webhook event "${name}"`);
  const missing = required.filter((field) => !(field in record));
  if (missing.length) throw new WebhookParseError(`Webhook "${name}" lacks ${missing.map((f) => `\`${f}\``).join(", ")}`);
  return record as Event;
}
