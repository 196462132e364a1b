import { createHash, randomBytes, randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { IdMap } from "../../runtime/privacy.ts";

type IdMapMethod = "map" | "email" | "phone" | "linkedinSlug";
const METHODS: readonly IdMapMethod[] = ["map", "email", "phone", "linkedinSlug"];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One replacement handed out: how to find it again (a salted hash of the original) and how to rebuild it. */
type Entry = [method: IdMapMethod, hash: string, standIn: string, replacement: string];

/**
 * An IdMap that can be saved and restored without keeping a single original. IdMap numbers its replacements
 * in the order it first meets originals; this class remembers, for each replacement, a salted hash of its
 * original and a random stand-in of the same shape. Restoring feeds the stand-ins to a fresh IdMap in the
 * same order (so its counters continue where they were) and answers the hashed originals from the table.
 * A run resumed after an interruption thus gives every record the synthetic id it already has on disk.
 */
export class ResumableIdMap extends IdMap {
  readonly #salt: string;
  readonly #entries: Entry[] = [];
  readonly #restored = new Map<string, string>();

  constructor(salt = randomBytes(16).toString("hex")) {
    super();
    this.#salt = salt;
  }

  override map(original: string): string {
    // As IdMap: UUIDs compare case-insensitively, other ids exactly.
    return this.#through("map", UUID.test(original) ? original.toLowerCase() : original, original, (o) => super.map(o));
  }

  override email(original: string): string {
    return this.#through("email", original.toLowerCase(), original, (o) => super.email(o));
  }

  override phone(original: string): string {
    return this.#through("phone", original.replace(/\D/g, ""), original, (o) => super.phone(o));
  }

  override linkedinSlug(original: string): string {
    return this.#through("linkedinSlug", original.toLowerCase(), original, (o) => super.linkedinSlug(o));
  }

  toJSON(): { salt: string; entries: Entry[] } {
    return { salt: this.#salt, entries: this.#entries };
  }

  /** Rebuilds a saved map; undefined when the saved data is unusable or no longer reproduces (IdMap changed). */
  static restore(saved: unknown): ResumableIdMap | undefined {
    if (typeof saved !== "object" || saved === null) return undefined;
    const { salt, entries } = saved as { salt?: unknown; entries?: unknown };
    if (typeof salt !== "string" || !Array.isArray(entries)) return undefined;
    const ids = new ResumableIdMap(salt);
    for (const entry of entries) {
      if (!Array.isArray(entry) || entry.length !== 4 || !entry.every((part) => typeof part === "string")) return undefined;
      const [method, hash, standIn, replacement] = entry as string[] as Entry;
      if (!METHODS.includes(method)) return undefined;
      // Bypass the override: the stand-in only moves IdMap's counters on, it is no original.
      const rebuilt = IdMap.prototype[method].call(ids, standIn);
      if (rebuilt !== replacement) return undefined;
      ids.#entries.push([method, hash, standIn, replacement]);
      ids.#restored.set(hash, replacement);
    }
    return ids;
  }

  #through(method: IdMapMethod, normalised: string, original: string, replace: (original: string) => string): string {
    const hash = createHash("sha256").update(`${this.#salt}\u0000${method}\u0000${normalised}`).digest("hex");
    const known = this.#restored.get(hash);
    if (known !== undefined) return known;
    const replacement = replace(original);
    this.#restored.set(hash, replacement);
    this.#entries.push([method, hash, standInFor(method, normalised), replacement]);
    return replacement;
  }
}

/** A random value IdMap files under the same counter as `normalised` and that no real original can equal. */
function standInFor(method: IdMapMethod, normalised: string): string {
  const digits = () => Array.from(randomBytes(40), (byte) => String(byte % 10)).join("");
  if (method === "phone" || (method === "map" && /^\d+$/.test(normalised))) return `9${digits()}`;
  if (method === "map" && UUID.test(normalised)) return randomUUID();
  return `\u0000stand-in-${randomBytes(12).toString("hex")}`;
}

/** `$XDG_CACHE_HOME/grinfi-codegen/record` (else `~/.cache/…`): outside any repository. */
export function defaultIdCacheDir(env: Record<string, string | undefined>): string {
  return join(env.XDG_CACHE_HOME || join(homedir(), ".cache"), "grinfi-codegen", "record");
}

/**
 * Where the id map of one day's recordings into one folder is kept between runs: in the user's cache,
 * readable by the user only. It holds salted hashes and synthetic values, no originals.
 */
export class IdMapCache {
  readonly file: string;
  readonly #dir: string;
  readonly #prefix: string;

  constructor(cacheDir: string, recordingsDir: string, day: string) {
    this.#dir = cacheDir;
    this.#prefix = `ids-${createHash("sha256").update(resolve(recordingsDir)).digest("hex").slice(0, 16)}-`;
    this.file = join(cacheDir, `${this.#prefix}${day}.json`);
  }

  /** Today's map if an earlier run left one (older days' maps are deleted: their recordings are finished). */
  load(): { ids: ResumableIdMap; problem?: string } {
    if (existsSync(this.#dir)) {
      for (const name of readdirSync(this.#dir)) {
        if (name.startsWith(this.#prefix) && join(this.#dir, name) !== this.file) rmSync(join(this.#dir, name), { force: true });
      }
    }
    if (!existsSync(this.file)) return { ids: new ResumableIdMap() };
    let restored: ResumableIdMap | undefined;
    try {
      restored = ResumableIdMap.restore(JSON.parse(readFileSync(this.file, "utf8")));
    } catch {
      restored = undefined;
    }
    return restored ? { ids: restored } : { ids: new ResumableIdMap(), problem: `the id map saved by an earlier run today (${this.file}) could not be restored: records already in today's files may get other synthetic ids now` };
  }

  save(ids: ResumableIdMap): void {
    mkdirSync(this.#dir, { recursive: true, mode: 0o700 });
    const temporary = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(ids), { mode: 0o600 });
    renameSync(temporary, this.file);
  }
}
