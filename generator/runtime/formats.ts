/**
 * The string formats the spec's answers use, as the generated response validators (`src/validators.ts`) call them:
 * a test per format name. They follow JSON Schema's definitions as ajv-formats' "full" mode reads them (the contract
 * check's validator), so the SDK and `grinfi-codegen contract` agree on what a malformed value is; the package
 * cannot depend on ajv-formats itself, which brings the ajv compiler with it.
 */
export type FormatTest = (value: string) => boolean;

// Shapes only: the parts sit at fixed places (the fraction of a second is skipped over), and are read as digits,
// which costs less than matching groups and converting strings (the spec's answers hold many dates and times).
const DATE = /^\d{4}-\d{2}-\d{2}$/;
/**
 * A date and an RFC 3339 `full-time`, separated by `T` or a space. The zone is required (`Z` or an offset, whose
 * minutes may be left out as ajv-formats does).
 */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[t\s]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:z|[+-]\d{2}(?::?\d{2})?)$/i;
const DAYS_IN_MONTH = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const EMAIL =
  /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i;
const UUID = /^(?:urn:uuid:)?[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i;
/**
 * A scheme, then only characters RFC 3986 allows: no whitespace, quotes, angle brackets, braces, backslashes or
 * non-ASCII, and `%` only as an escape. What a URL parser also accepts is then a URI.
 */
const URI = /^[a-z][a-z0-9+.-]*:(?:[a-z0-9\-._~!$&'()*+,;=:@/?#[\]]|%[0-9a-f]{2})*$/i;

function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

/** Whether a character code is an ASCII digit (NaN, past the end, is not). */
function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** The two digits at `at`, as a number (the shape was checked). */
function twoDigits(value: string, at: number): number {
  return (value.charCodeAt(at) - 48) * 10 + value.charCodeAt(at + 1) - 48;
}

/** `2026-02-29` is not a date; `2024-02-29` is. Reads the `YYYY-MM-DD` at the start of `value`. */
function isDatePart(value: string): boolean {
  const year = twoDigits(value, 0) * 100 + twoDigits(value, 2);
  const month = twoDigits(value, 5);
  const day = twoDigits(value, 8);
  const days = month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month];
  return days !== undefined && month >= 1 && day >= 1 && day <= days;
}

/**
 * A time with its zone (RFC 3339 `full-time`), read from `value` at 11 (after the date and its separator). A leap
 * second only at 23:59:60 UTC, written in any zone. The whole seconds decide: the shape allows no more than 99.
 */
function isTimePart(value: string): boolean {
  const hour = twoDigits(value, 11);
  const minute = twoDigits(value, 14);
  const second = twoDigits(value, 17);
  let at = 19;
  if (value[at] === ".") do at++; while (isDigit(value.charCodeAt(at)));
  let sign = 1;
  let zoneHour = 0;
  let zoneMinute = 0;
  if (value[at] !== "Z" && value[at] !== "z") {
    sign = value[at] === "-" ? -1 : 1;
    zoneHour = twoDigits(value, at + 1);
    if (value.length > at + 3) zoneMinute = twoDigits(value, value[at + 3] === ":" ? at + 4 : at + 3);
  }
  if (zoneHour > 23 || zoneMinute > 59) return false;
  if (hour <= 23 && minute <= 59 && second < 60) return true;
  const utcMinute = minute - zoneMinute * sign;
  const utcHour = hour - zoneHour * sign - (utcMinute < 0 ? 1 : 0);
  return second < 61 && (utcMinute === 59 || utcMinute === -1) && (utcHour === 23 || utcHour === -1);
}

function isDate(value: string): boolean {
  return DATE.test(value) && isDatePart(value);
}

function isDateTime(value: string): boolean {
  return DATE_TIME.test(value) && isDatePart(value) && isTimePart(value);
}

function isUri(value: string): boolean {
  if (!URI.test(value)) return false;
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

export const formats: Readonly<Record<string, FormatTest>> = {
  date: isDate,
  "date-time": isDateTime,
  email: (value) => EMAIL.test(value),
  uri: isUri,
  uuid: (value) => UUID.test(value),
};
