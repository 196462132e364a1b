import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import Handlebars from "handlebars";
import type { OpenApiDocument } from "../load/bundle.ts";
import { loadSpec } from "../load/index.ts";
import { TEMPLATES_DIR } from "../paths.ts";
import { writeFileAtomic } from "../write/atomic.ts";

const require = createRequire(import.meta.url);

/** Text that is safe inside an inline <script>: nothing in it can close the element early. */
function scriptSafe(text: string): string {
  return text.replace(/<\/(script)/gi, "<\\/$1").replace(/<!--/g, "<\\!--");
}

/**
 * One self-contained HTML page: Redoc's standalone bundle and the bundled spec inlined, `x-tagGroups` giving the
 * six categories as navigation. Opening it needs no network.
 */
export function renderDocs(document: OpenApiDocument, templatesDir = TEMPLATES_DIR): string {
  const redocDir = dirname(require.resolve("redoc/package.json"));
  const redocVersion = (JSON.parse(readFileSync(join(redocDir, "package.json"), "utf8")) as { version: string }).version;
  const info = document.info as { title: string; version: string };
  const template = Handlebars.compile(readFileSync(join(templatesDir, "docs.html.hbs"), "utf8"), { strict: true });
  return template({
    title: info.title,
    version: info.version,
    redocVersion,
    redocScript: scriptSafe(readFileSync(join(redocDir, "bundles", "redoc.standalone.js"), "utf8")),
    specJson: scriptSafe(JSON.stringify(document)),
    optionsJson: JSON.stringify({ hideDownloadButton: false, expandResponses: "200,201", pathInMiddlePanel: true, sortTagsAlphabetically: false }),
  });
}

/** `grinfi-codegen docs`: writes `<outDir>/index.html`. */
export async function runDocs(options: { specDir: string; outDir: string }): Promise<number> {
  const bundle = await loadSpec(options.specDir);
  const path = join(options.outDir, "index.html");
  writeFileAtomic(path, renderDocs(bundle.document));
  process.stdout.write(`API reference → ${path}\n`);
  return 0;
}
