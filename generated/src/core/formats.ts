/**
 * The string formats the spec's answers use, as the generated response validators (`src/validators.ts`) call them:
 * a test per format name. They follow JSON Schema's definitions as ajv-formats' "full" mode reads them (the contract
 * check's validator), so the SDK and `grinfi-codegen contract` agree on what a malformed value is; the package
 * cannot depend on ajv-formats itself, which brings the ajv compiler with it.
 */
export type FormatTest = (value: string) => boolean;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/**
 * A date and an RFC 3339 `full-time`, separated by `T` or a space, in one expression (the spec's answers hold many
 * of them). The zone is required (`Z` or an offset, whose minutes may be left out as ajv-formats does).
 */
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[t\s](\d{2}):(\d{2}):(\d{2}(?:\.\d+)?)(?:z|([+-])(\d{2})(?::?(\d{2}))?)$/i;
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

/** `2026-02-29` is not a date; `2024-02-29` is. Takes the year, month and day as matched. */
function isDateParts(yearText = "", monthText = "", dayText = ""): boolean {
  const year = Number(yearText);
  const month = Number(monthText);
  const day = Number(dayText);
  const days = month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month];
  return days !== undefined && month >= 1 && day >= 1 && day <= days;
}

/**
 * A time with its zone (RFC 3339 `full-time`), from the parts matched: hour, minute, second, zone sign, hour and
 * minute. A leap second only at 23:59:60 UTC, written in any zone.
 */
function isTimeParts(parts: (string | undefined)[]): boolean {
  const [hourText, minuteText, secondText, signText, zoneHourText, zoneMinuteText] = parts;
  const hour = Number(hourText);
  const minute = Number(minuteText);
  const second = Number(secondText);
  const sign = signText === "-" ? -1 : 1;
  const zoneHour = Number(zoneHourText ?? 0);
  const zoneMinute = Number(zoneMinuteText ?? 0);
  if (zoneHour > 23 || zoneMinute > 59) return false;
  if (hour <= 23 && minute <= 59 && second < 60) return true;
  const utcMinute = minute - zoneMinute * sign;
  const utcHour = hour - zoneHour * sign - (utcMinute < 0 ? 1 : 0);
  return second < 61 && (utcMinute === 59 || utcMinute === -1) && (utcHour === 23 || utcHour === -1);
}

function isDate(value: string): boolean {
  const match = DATE.exec(value);
  return match !== null && isDateParts(match[1], match[2], match[3]);
}

function isDateTime(value: string): boolean {
  const match = DATE_TIME.exec(value);
  return match !== null && isDateParts(match[1], match[2], match[3]) && isTimeParts(match.slice(4));
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
