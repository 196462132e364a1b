/** Failures as tool errors a model can act on, and the API key kept out of everything the server says. */
import { APIError, ConnectionError, GrinfiError, RateLimitError, RequestAbortedError } from "@grinfi/sdk";

/** What an error from a call becomes in the tool result: status, the API's reason and message, field errors. */
export function describeError(error: unknown): string {
  if (error instanceof APIError) {
    const reason = error.reason ? ` (${error.reason})` : "";
    const lines = [`The Grinfi API answered ${error.status ?? "an error"}${reason}: ${error.message}`];
    for (const [field, messages] of Object.entries(error.data ?? {})) lines.push(`- ${field}: ${messages.join(" ")}`);
    if (error instanceof RateLimitError && error.retryAfterMs !== undefined) {
      lines.push(`Try again in ${Math.ceil(error.retryAfterMs / 1000)} s.`);
    }
    return lines.join("\n");
  }
  if (error instanceof ConnectionError) return `Could not reach the Grinfi API: ${error.message}`;
  if (error instanceof RequestAbortedError) return "The call was cancelled.";
  if (error instanceof GrinfiError) return error.message;
  // The SDK's filter encoders throw RangeError for what a query string cannot express (an empty list).
  if (error instanceof RangeError) return `Invalid arguments: ${error.message}`;
  return `Unexpected failure: ${error instanceof Error ? error.message : String(error)}`;
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * The base64 characters that only the secret's bytes decide, whatever comes before or after it: one run for each of
 * the three alignments the secret can have inside a longer encoded text (a `Basic` header, a token, a blob).
 */
function base64Runs(secret: Buffer): string[] {
  return [0, 1, 2].flatMap((offset) => {
    const encoded = Buffer.concat([Buffer.alloc(offset), secret, Buffer.alloc(2)]).toString("base64");
    const first = Math.ceil((8 * offset) / 6);
    const end = Math.floor((8 * (offset + secret.length)) / 6);
    const run = encoded.slice(first, end);
    return run.length >= 4 ? [run, run.replace(/\+/g, "-").replace(/\//g, "_")] : [];
  });
}

/** Every spelling of the secret to look for: as is, JSON- and URL-escaped, hex, and base64 or base64url. */
export function secretSpellings(secret: string): string[] {
  const bytes = Buffer.from(secret, "utf8");
  const escaped = JSON.stringify(secret).slice(1, -1);
  const spellings = [secret, escaped, encodeURIComponent(secret), bytes.toString("hex"), ...base64Runs(bytes)];
  return [...new Set(spellings)].filter((spelling) => spelling.length > 0).sort((a, b) => b.length - a.length);
}

/** A function that replaces every spelling of `secret` (case-insensitively) with `[redacted]`. */
export function redactor(secret: string | undefined): (text: string) => string {
  if (!secret) return (text) => text;
  const pattern = new RegExp(secretSpellings(secret).map(escapeRegExp).join("|"), "gi");
  return (text) => text.replace(pattern, "[redacted]");
}
