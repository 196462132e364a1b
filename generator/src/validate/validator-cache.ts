import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import type { Ajv2020, ValidateFunction } from "ajv/dist/2020.js";
import { cacheFolder, writeCacheFile } from "../cache.ts";
import { FORMATS_MODULE, STANDALONE_FORMATS, standaloneCode } from "./ajv.ts";

/**
 * Validators compiled in an earlier run, kept as ajv's standalone code: compiling a spec's few hundred schemas is
 * most of what checking its examples costs, and the schemas rarely change between two lint runs. One file per set
 * of schema components (and ajv version); it holds every validator the last run with those components used.
 */
export interface ValidatorCache {
  /** The kept validator for `key`, if the last run with these components compiled one. */
  get(key: string): ValidateFunction | undefined;
  /** Notes a validator compiled in this run, registered in `ajv` under `id`, for save(). */
  compiled(key: string, id: string): void;
  /** Writes the kept validators and this run's new ones, if there are new ones. */
  save(ajv: Ajv2020, idOf: (key: string) => string): void;
}

const FORMAT_VERSION = 1;

/** The validator cache for a set of schema components, or undefined when the CLI keeps no cache. */
export function openValidatorCache(componentsJson: string): ValidatorCache | undefined {
  const folder = cacheFolder("validators");
  if (folder === undefined) return undefined;
  const require = createRequire(import.meta.url);
  const versions = ["ajv", "ajv-formats"].map((name) => `${name}@${(require(`${name}/package.json`) as { version: string }).version}`);
  const hash = createHash("sha256").update(`${FORMAT_VERSION};${versions.join(";")}\0`).update(componentsJson).digest("hex").slice(0, 32);
  const file = join(folder, `${hash}.cjs`);
  const kept = load(file, require);
  const fresh = new Map<string, string>();
  return {
    get: (key) => kept.get(key),
    compiled: (key, id) => void fresh.set(key, id),
    save(ajv, idOf) {
      if (fresh.size === 0) return;
      // The kept validators were not compiled by this ajv instance: compile them again so one file holds all.
      const keys = [...new Set([...kept.keys(), ...fresh.keys()])];
      const refs = Object.fromEntries(keys.map((key, index) => [`v${index}`, fresh.get(key) ?? idOf(key)]));
      try {
        writeCacheFile(file, `${standaloneCode(ajv, refs)}\nexports.__keys = ${JSON.stringify(keys)};\n`);
      } catch {
        // A validator ajv cannot write out (none is known) only means no cache.
      }
    },
  };
}

/** Reads a kept file: its validators by key, or none when it is missing or damaged. */
function load(file: string, require: NodeJS.Require): Map<string, ValidateFunction> {
  let code: string;
  try {
    code = readFileSync(file, "utf8");
  } catch {
    return new Map();
  }
  try {
    const module = { exports: {} as Record<string, unknown> };
    const requireForCode = (name: string) => (name === FORMATS_MODULE ? STANDALONE_FORMATS : require(name));
    new Function("module", "exports", "require", code)(module, module.exports, requireForCode);
    const keys = module.exports.__keys as string[];
    return new Map(keys.map((key, index) => [key, module.exports[`v${index}`] as ValidateFunction]));
  } catch {
    return new Map();
  }
}
