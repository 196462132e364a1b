/**
 * The privacy rules every recording obeys: no real personal data and no secrets. `scanForPersonalData` finds
 * what must not be kept; `redact` replaces it with synthetic values (and every id with a consistent synthetic
 * one), so that a redacted document always scans clean. One copy of the rules for every writer of recordings:
 * `grinfi-codegen record`, `contract --import` (which scans) and the SDK's capture (this file ships in the package).
 *
 * What counts as synthetic, and therefore passes:
 * - emails on the reserved domains of ALLOWED_EMAIL_DOMAINS (RFC 2606/6761), subdomains included;
 * - phone numbers in the fictional range +1 555 0100–0199 (ALLOWED_PHONES), with or without an area code;
 * - LinkedIn slugs with the word `example` as one of their hyphen-separated parts (`example-jane`,
 *   `dana-whitfield-example`) or listed in ALLOWED_LINKEDIN_SLUGS;
 * - secrets that are visibly placeholders: containing `example`, `redacted` or `placeholder`, an
 *   ALL_CAPS_NAME such as `YOUR_API_KEY`, or only mask characters (`********`).
 *
 * Names of people and free text are told by the field holding them, since no rule finds a name in a sentence:
 * - a person's name: fields named like `first_name`, `last_name`, `full_name`, `nickname`, `sender_name`, and
 *   `name` itself in an object that also has a person's fields (`first_name`, `last_name`, `headline`, an email);
 * - free text, which may quote anyone: message and email bodies and subjects, notes, posts, headlines, addresses.
 * `redact` replaces both (`Person N`, `[redacted text]`). The scanner checks them only when asked (`strict`, for
 * answers captured from the live API): the examples of the spec are invented and keep their invented names.
 */

export interface PrivacyFinding {
  /** JSON pointer of the string (or number) holding the value. */
  pointer: string;
  kind: "email" | "jwt" | "bearer-token" | "api-key" | "phone" | "linkedin-id" | "name" | "free-text";
  /** The value, masked: enough to find it, never the whole secret. */
  excerpt: string;
}

export interface ScanOptions {
  /**
   * Also require names of people and free text to be redacted (`Person N`, `[redacted text]`): for answers taken
   * from the live API, whose people are real. Off for the spec's examples, whose people are invented.
   */
  strict?: boolean | undefined;
}

/** What a pattern finds in a string; names and free text are told by their field instead. */
type FindingKind = Exclude<PrivacyFinding["kind"], "name" | "free-text">;

/** Email domains reserved for examples; an entry also allows its subdomains, `*.x` allows the top-level domain `x`. */
export const ALLOWED_EMAIL_DOMAINS: readonly string[] = ["example.com", "example.org", "example.net", "*.example", "*.test", "*.invalid"];

/**
 * The fictional phone range, tested against a number's digits only (so any formatting passes):
 * +1 555 0100–0199 as `155501xx` / `55501xx`, and the same with a North American area code (`+1 415 555 0142`).
 */
export const ALLOWED_PHONES: readonly RegExp[] = [/^1?55501\d\d$/, /^1?\d{3}55501\d\d$/];

/** LinkedIn slugs that are obviously invented even without the word `example`. */
export const ALLOWED_LINKEDIN_SLUGS: readonly string[] = ["jane-doe", "john-doe", "janedoe", "johndoe"];

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const WHOLE_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EMAIL = /[A-Za-z0-9._%+-]+@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})/g;
const JWT = /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;
const BEARER = /\bBearer\s+([A-Za-z0-9._~+/=-]{8,})/gi;
/** A query parameter inside a URL or a path: `?token=…`, `&api_key=…`. */
const QUERY_PARAMETER = /[?&]([^=&#\s]+)=([^&#\s"']*)/g;
/** Person profile URLs; company pages (`/company/`) are not personal. */
const LINKEDIN_PROFILE_URL = /linkedin\.com\/(?:in|pub|sales\/lead|sales\/people|talent\/profile)\/([^/?#\s"',]+)/gi;
/** LinkedIn's internal member ids (`ACoAA…` profile ids, `urn:li:member:123`). */
const LINKEDIN_MEMBER_ID = /\bAC[ow]AA[A-Za-z0-9_-]{10,}|\burn:li:(?:member|person|fsd_profile|fs_miniProfile|fs_profile):([A-Za-z0-9_-]+)/g;
/** A run of digits with phone punctuation; judged afterwards by digit count and grouping. */
const PHONE_RUN = /[+(]?\d[\d ().-]*\d\)?/g;
/** Number-like text that is not a phone: ISO dates and times, clock times, IPv4 addresses, day-month-year dates. */
const NOT_A_PHONE = [
  /\d{4}-\d\d-\d\d(?:[T ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?/g,
  /\b\d{1,2}:\d\d(?::\d\d)?\b/g,
  /\b\d{1,3}(?:\.\d{1,3}){3}\b/g,
  /\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b/g,
];

const SECRET_FIELD = /token|secret|passw(?:or)?d|pwd|api[_-]?key|apikey|access[_-]?key|private[_-]?key|authorization|credential|cookie/i;
const PASSWORD_FIELD = /passw(?:or)?d|pwd/i;
const PHONE_FIELD = /phone|mobile|fax|whatsapp|(?:^|_)tel(?:_|$)/i;
const ID_FIELD = /^id$|_ids?$/;
/** Fields whose string value is a LinkedIn public profile slug. */
const LINKEDIN_SLUG_FIELD = /^(?:linkedin|linkedin_(?:id|public_id|username|slug|handle)|public_identifier)$/i;
const ISO_DATE = /^\d{4}-\d\d-\d\d(?:[T ][\d:.]+(?:Z|[+-]\d\d:?\d\d)?)?$/;
/** A key-like value: long, no spaces, letters and digits mixed. */
const KEY_LIKE = /^(?=.*[A-Za-z])(?=.*\d)[A-Za-z0-9._~+/=:-]{16,}$/;

/** Fields holding a person's name; `name` itself only inside a person's record (see PERSON_FIELDS). */
const NAME_FIELD = /^(?:(?:first|last|middle|full|given|family|display|sender|from|to|lead|contact)_?name|(?:lead_)?nickname)$/i;
/** Fields whose presence makes an object a person's record, where `name` is a person's name. */
const PERSON_FIELDS = ["first_name", "last_name", "headline", "email", "work_email", "personal_email"];
/** Fields of free text (messages, emails, notes, posts, profiles, addresses), which may name or describe anyone. */
const FREE_TEXT_FIELD =
  /^(?:text|body|html|subject|snippet|preview|content|custom_content|about|headline|note|comment|signature|raw_address|address_string|rendered_(?:text|body)|ai_generated_body|fallback_body)$/i;
const SYNTHETIC_NAME = /^Person \d+$/;

const REDACTED = "[redacted]";
export const REDACTED_TEXT = "[redacted text]";

/** What a string's field says about it: its name, and whether the object holding it is a person's record. */
interface Field {
  name: string;
  inPerson: boolean;
}
const NO_FIELD: Field = { name: "", inPerson: false };

/** One thing found in a string: the span, its kind, and the detail needed to replace it. */
interface Match {
  start: number;
  end: number;
  kind: FindingKind;
  /** The sensitive part (the token of `Bearer x`, a phone as written) for the excerpt and the replacement. */
  secret: string;
}

/** Every finding in a JSON value. Object keys are not scanned; numbers only where the field holds a phone. */
export function scanForPersonalData(value: unknown, pointer = "", options: ScanOptions = {}): PrivacyFinding[] {
  const secrets = collectSecrets(value);
  const findings: PrivacyFinding[] = [];
  walk(value, pointer, NO_FIELD, {
    string: (text, at, field) => {
      const personal = options.strict ? personalText(text, field) : undefined;
      if (personal) findings.push({ pointer: at, kind: personal, excerpt: mask(text) });
      else for (const match of detect(text, field.name, secrets)) findings.push({ pointer: at, kind: match.kind, excerpt: excerpt(match) });
    },
    number: (number, at, field) => {
      if (isRealPhoneNumber(number, field.name)) findings.push({ pointer: at, kind: "phone", excerpt: mask(String(number)) });
    },
  });
  return findings;
}

/**
 * What a captured recording must pass before it is written or taken in: its exchange (request and response)
 * strictly, as redaction leaves it (no name of a person, no free text); its own words (`note`, `capturedBy`) as
 * any text.
 */
export function scanRecording(recording: { request: unknown; response: unknown }): PrivacyFinding[] {
  const { request, response, ...rest } = recording;
  return [...scanForPersonalData({ request, response }, "", { strict: true }), ...scanForPersonalData(rest)];
}

/** Whether a string is a person's name or free text that redaction should have replaced, and which. */
function personalText(text: string, field: Field): "name" | "free-text" | undefined {
  if (text.trim() === "" || text === REDACTED || text === REDACTED_TEXT) return undefined;
  if (isNameField(field)) return SYNTHETIC_NAME.test(text) ? undefined : "name";
  return FREE_TEXT_FIELD.test(field.name) ? "free-text" : undefined;
}

function isNameField(field: Field): boolean {
  return NAME_FIELD.test(field.name) || (field.inPerson && /^name$/i.test(field.name));
}

/**
 * Replaces originals with synthetic values, consistently: the same original always gets the same replacement,
 * in one document or across many, and the first original seen gets the first synthetic value.
 */
export class IdMap {
  private readonly replacements = new Map<string, string>();
  private readonly counters = new Map<string, number>();

  /** A UUID becomes a synthetic UUID, a numeric id a synthetic number (as a string), anything else `id-N`. */
  map(original: string): string {
    if (WHOLE_UUID.test(original)) {
      return this.replace("uuid", original.toLowerCase(), (n) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, "0")}`);
    }
    if (/^\d+$/.test(original)) return this.replace("number", original, (n) => String(1000 + n));
    return this.replace("id", original, (n) => `id-${n}`);
  }

  email(original: string): string {
    return this.replace("email", original.toLowerCase(), (n) => `person-${n}@example.com`);
  }

  /** A person's name (or part of one) becomes `Person N`: the same name, the same stand-in. */
  personName(original: string): string {
    return this.replace("name", original.trim().toLowerCase(), (n) => `Person ${n}`);
  }

  /** `+1 555 0100` to `+1 555 0199`; after a hundred different numbers the range starts over. */
  phone(original: string): string {
    return this.replace("phone", original.replace(/\D/g, ""), (n) => `+1 555 01${String((n - 1) % 100).padStart(2, "0")}`);
  }

  linkedinSlug(original: string): string {
    return this.replace("linkedin", original.toLowerCase(), (n) => `example-profile-${n}`);
  }

  private replace(kind: string, original: string, make: (n: number) => string): string {
    const key = `${kind}:${original}`;
    const known = this.replacements.get(key);
    if (known !== undefined) return known;
    const n = (this.counters.get(kind) ?? 0) + 1;
    this.counters.set(kind, n);
    const replacement = make(n);
    this.replacements.set(key, replacement);
    return replacement;
  }
}

/**
 * A deep copy with every finding replaced (emails → `person-N@example.com`, phones → `+1 555 01NN`, secrets →
 * `[redacted]`, LinkedIn slugs and member ids → `example-profile-N`, names of people → `Person N`, free text →
 * `[redacted text]`) and every id sent through `ids`: UUIDs anywhere in strings and UUID object keys, and integers
 * (or digit strings) in fields named `id`, `*_id` or `*_ids` (a query key counts by the field in its brackets:
 * `filter[team_id]`).
 */
export function redact(value: unknown, ids: IdMap): unknown {
  return redactValue(value, NO_FIELD, collectSecrets(value), ids);
}

function redactValue(value: unknown, field: Field, secrets: ReadonlySet<string>, ids: IdMap): unknown {
  if (typeof value === "string") {
    const personal = personalText(value, field);
    if (personal === "name") return ids.personName(value);
    if (personal === "free-text") return REDACTED_TEXT;
    const redacted = replaceMatches(value, detect(value, field.name, secrets), ids);
    if (ID_FIELD.test(field.name) && /^\d+$/.test(redacted)) return ids.map(redacted);
    return redacted.replace(UUID, (uuid) => ids.map(uuid));
  }
  if (typeof value === "number") {
    if (isRealPhoneNumber(value, field.name)) return Number(ids.phone(String(value)).replace(/\D/g, ""));
    if (ID_FIELD.test(field.name) && Number.isSafeInteger(value) && value >= 0) return Number(ids.map(String(value)));
    return value;
  }
  if (Array.isArray(value)) return value.map((item) => redactValue(item, field, secrets, ids));
  if (isRecord(value)) {
    const copy: Record<string, unknown> = {};
    const inPerson = isPersonRecord(value);
    for (const [key, item] of Object.entries(value)) {
      copy[WHOLE_UUID.test(key) ? ids.map(key) : key] = redactValue(item, { name: fieldName(key), inPerson }, secrets, ids);
    }
    return copy;
  }
  return value;
}

function isPersonRecord(value: Record<string, unknown>): boolean {
  return PERSON_FIELDS.some((field) => Object.hasOwn(value, field));
}

function replaceMatches(text: string, matches: Match[], ids: IdMap): string {
  let result = text;
  // From the end, so earlier offsets stay valid.
  for (const match of [...matches].sort((a, b) => b.start - a.start)) {
    result = result.slice(0, match.start) + replacementFor(match, ids) + result.slice(match.end);
  }
  return result;
}

function replacementFor(match: Match, ids: IdMap): string {
  switch (match.kind) {
    case "email":
      return ids.email(match.secret);
    case "phone":
      return ids.phone(match.secret);
    case "linkedin-id":
      return ids.linkedinSlug(match.secret);
    case "bearer-token":
      return `Bearer ${REDACTED}`;
    case "jwt":
    case "api-key":
      return REDACTED;
  }
}

interface Visitor {
  string(text: string, pointer: string, field: Field): void;
  number(value: number, pointer: string, field: Field): void;
}

/** Visits strings and numbers; `field` is the nearest object key (array items inherit their array's). */
function walk(value: unknown, pointer: string, field: Field, visitor: Visitor): void {
  if (typeof value === "string") visitor.string(value, pointer, field);
  else if (typeof value === "number") visitor.number(value, pointer, field);
  else if (Array.isArray(value)) value.forEach((item, index) => walk(item, joinPointer(pointer, index), field, visitor));
  else if (isRecord(value)) {
    const inPerson = isPersonRecord(value);
    for (const [key, item] of Object.entries(value)) walk(item, joinPointer(pointer, key), { name: fieldName(key), inPerson }, visitor);
  }
}

/** The field a key names; for query keys the record field inside the brackets: `filter[team_id][]` → `team_id`. */
function fieldName(key: string): string {
  const words = key.split(/[[\]]+/).filter((part) => /^[A-Za-z_]\w*$/.test(part));
  return words[words.length - 1] ?? key;
}

/** Secrets found by context (secret-named fields, bearer tokens, secret query parameters), to spot them again anywhere else. */
function collectSecrets(value: unknown): Set<string> {
  const secrets = new Set<string>();
  walk(value, "", NO_FIELD, {
    string: (text, _pointer, field) => {
      for (const match of detect(text, field.name, new Set())) {
        if ((match.kind === "api-key" || match.kind === "bearer-token") && match.secret.length >= 8) secrets.add(match.secret);
      }
    },
    number: () => undefined,
  });
  return secrets;
}

/** Every finding in one string, without overlaps: an earlier rule in this function wins over a later one. */
function detect(text: string, field: string, knownSecrets: ReadonlySet<string>): Match[] {
  const accepted: Match[] = [];
  const accept = (match: Match) => {
    if (!accepted.some((other) => match.start < other.end && other.start < match.end)) accepted.push(match);
  };

  if (SECRET_FIELD.test(field) && isRealSecret(text, PASSWORD_FIELD.test(field))) {
    return [{ start: 0, end: text.length, kind: "api-key", secret: text }];
  }
  for (const m of text.matchAll(BEARER)) {
    const token = m[1] ?? "";
    if (!isPlaceholder(token)) accept({ start: m.index, end: m.index + m[0].length, kind: "bearer-token", secret: token });
  }
  for (const m of text.matchAll(JWT)) accept({ start: m.index, end: m.index + m[0].length, kind: "jwt", secret: m[0] });
  for (const m of text.matchAll(QUERY_PARAMETER)) {
    const name = safeDecode(m[1] ?? "");
    const raw = m[2] ?? "";
    if (SECRET_FIELD.test(name) && isRealSecret(safeDecode(raw), PASSWORD_FIELD.test(name))) {
      const start = m.index + m[0].length - raw.length;
      accept({ start, end: start + raw.length, kind: "api-key", secret: raw });
    }
  }
  for (const secret of knownSecrets) {
    for (let at = text.indexOf(secret); at !== -1; at = text.indexOf(secret, at + secret.length)) {
      accept({ start: at, end: at + secret.length, kind: "api-key", secret });
    }
  }
  for (const m of text.matchAll(EMAIL)) {
    if (!isAllowedEmailDomain(m[1] ?? "")) accept({ start: m.index, end: m.index + m[0].length, kind: "email", secret: m[0] });
  }
  for (const m of text.matchAll(LINKEDIN_PROFILE_URL)) {
    const slug = m[1] ?? "";
    if (!isSyntheticLinkedinSlug(safeDecode(slug))) {
      const start = m.index + m[0].length - slug.length;
      accept({ start, end: start + slug.length, kind: "linkedin-id", secret: slug });
    }
  }
  for (const m of text.matchAll(LINKEDIN_MEMBER_ID)) {
    const id = m[1] ?? m[0];
    if (!/example/i.test(id)) {
      const start = m.index + m[0].length - id.length;
      accept({ start, end: start + id.length, kind: "linkedin-id", secret: id });
    }
  }
  if (LINKEDIN_SLUG_FIELD.test(field) && text.trim() !== "" && !/[/\s]/.test(text) && !WHOLE_UUID.test(text) && !isSyntheticLinkedinSlug(text)) {
    accept({ start: 0, end: text.length, kind: "linkedin-id", secret: text });
  }
  for (const match of phoneMatches(text, PHONE_FIELD.test(field))) accept(match);
  return accepted.sort((a, b) => a.start - b.start);
}

function phoneMatches(text: string, isPhoneField: boolean): Match[] {
  // Blank out what only looks numeric (dates, UUIDs, addresses) with spaces, keeping offsets.
  let masked = text.replace(UUID, (s) => " ".repeat(s.length));
  for (const pattern of NOT_A_PHONE) masked = masked.replace(pattern, (s) => " ".repeat(s.length));
  const matches: Match[] = [];
  for (const m of masked.matchAll(PHONE_RUN)) {
    const run = m[0];
    const before = masked[m.index - 1] ?? "";
    const after = masked[m.index + run.length] ?? "";
    if (/\w/.test(before) || /\w/.test(after)) continue; // part of a word, an id or a longer token
    if (looksLikePhone(run, isPhoneField) && !isAllowedPhoneDigits(run.replace(/\D/g, ""))) {
      matches.push({ start: m.index, end: m.index + run.length, kind: "phone", secret: run });
    }
  }
  return matches;
}

/**
 * 7 to 15 digits, and either a leading `+` (E.164 style), or three or more groups (`415-555-0142`,
 * `(020) 7946 0958`), or a bare digit string in a field named for phones. Not: decimals, thousands groupings
 * (`1 000 000`), two-group ranges (`2020-2026`), bare numbers elsewhere (ids, timestamps).
 */
function looksLikePhone(run: string, isPhoneField: boolean): boolean {
  const digits = run.replace(/\D/g, "");
  if (digits.length < 7 || digits.length > 15) return false;
  if (run.startsWith("+")) return true;
  const groups = run.split(/[ ().-]+/).filter(Boolean);
  if (groups.length === 1) return isPhoneField;
  if (/^[\d.]+$/.test(run) && groups.length < 3) return false;
  if (/^\d{1,3}([ .])\d{3}(?:\1\d{3})*$/.test(run)) return false;
  return groups.length >= 3 || (isPhoneField && groups.length >= 2);
}

function isRealPhoneNumber(value: number, field: string): boolean {
  if (!PHONE_FIELD.test(field) || !Number.isSafeInteger(value) || value < 0) return false;
  const digits = String(value);
  return digits.length >= 7 && digits.length <= 15 && !isAllowedPhoneDigits(digits);
}

function isAllowedPhoneDigits(digits: string): boolean {
  return ALLOWED_PHONES.some((pattern) => pattern.test(digits));
}

function isAllowedEmailDomain(domain: string): boolean {
  const name = domain.toLowerCase().replace(/\.$/, "");
  return ALLOWED_EMAIL_DOMAINS.some((allowed) =>
    allowed.startsWith("*.") ? name.endsWith(allowed.slice(1)) : name === allowed || name.endsWith(`.${allowed}`),
  );
}

function isSyntheticLinkedinSlug(slug: string): boolean {
  const normalised = slug.toLowerCase().replace(/\/$/, "");
  return ALLOWED_LINKEDIN_SLUGS.includes(normalised) || normalised.split("-").includes("example");
}

/** A value kept in a secret-named field that is not empty, not an id and not a visible placeholder. */
function isRealSecret(value: string, isPassword: boolean): boolean {
  const text = value.trim();
  if (text === "" || WHOLE_UUID.test(text) || ISO_DATE.test(text) || isPlaceholder(text)) return false;
  if (isPassword) return text.length >= 4;
  return KEY_LIKE.test(text.replace(/^(?:Bearer|Basic|Token|Bot)\s+/i, ""));
}

function isPlaceholder(value: string): boolean {
  return /example|redacted|placeholder/i.test(value) || /^[A-Z]+(?:_[A-Z]+)+$/.test(value) || /^[*•xX]+$/.test(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function joinPointer(base: string, segment: string | number): string {
  return `${base}/${String(segment).replace(/~/g, "~0").replace(/\//g, "~1")}`;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function excerpt(match: Match): string {
  if (match.kind === "email") {
    const at = match.secret.indexOf("@");
    return `${match.secret.slice(0, 1)}***${match.secret.slice(at)}`;
  }
  if (match.kind === "bearer-token") return `Bearer ${mask(match.secret)}`;
  return mask(match.secret);
}

/** Enough of a value to recognise it, never all of it. */
function mask(value: string): string {
  return value.length <= 8 ? `${value.slice(0, 1)}***` : `${value.slice(0, 4)}…${value.slice(-2)}`;
}
