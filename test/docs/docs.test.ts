import { existsSync, mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderDocs } from "../../generator/src/docs/build.ts";
import { loadSpec } from "../../generator/src/load/index.ts";
import { operations } from "../../generator/src/load/traverse.ts";
import { writeFileAtomic } from "../../generator/src/write/atomic.ts";
import { repoRoot } from "../helpers/spec-fixture.ts";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const artifacts = join(repoRoot, "test-artifacts");

/**
 * The API reference opened as a reader would: headless Chromium (Debian's package, installed by .ci/run) with
 * the network blocked, so the page must render from what it inlines. Every operation's summary must be in the
 * page and the six categories in the navigation; a screenshot is kept in test-artifacts/.
 */
describe("grinfi-codegen docs", { timeout: 120_000 }, () => {
  let browser: Browser;
  let page: Awaited<ReturnType<Browser["newPage"]>>;
  let summaries: string[];
  const requests: string[] = [];

  beforeAll(async () => {
    const bundle = await loadSpec(join(repoRoot, "spec"));
    summaries = [...operations(bundle.document)].map(({ operation }) => String(operation.summary));
    const file = join(mkdtempSync(join(tmpdir(), "grinfi-docs-")), "index.html");
    writeFileAtomic(file, renderDocs(bundle.document));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.route("**/*", (route) => {
      const url = route.request().url();
      if (url.startsWith("file:")) return route.continue();
      requests.push(url);
      return route.abort();
    });
    await page.goto(pathToFileURL(file).href);
    await page.waitForSelector("h1", { timeout: 60_000 });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  it("renders without fetching anything from the network", () => {
    expect(requests).toEqual([]);
  });

  it("shows every operation", async () => {
    const text = await page.evaluate(() => document.body.innerText);
    const missing = summaries.filter((summary) => !text.includes(summary));
    expect(missing).toEqual([]);
    expect(summaries).toHaveLength(174);
  });

  it("offers the six categories as navigation, and keeps a screenshot", async () => {
    const menu = await page.evaluate(() => (document.querySelector(".menu-content") as HTMLElement | null)?.innerText ?? "");
    // (innerText follows CSS, and Redoc shows group names in capitals.)
    for (const category of ["Account", "CRM", "Outreach", "Messaging", "Browsers", "Integrations"]) expect(menu.toLowerCase()).toContain(category.toLowerCase());
    if (!existsSync(artifacts)) mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, "api-reference.png") });
    expect(existsSync(join(artifacts, "api-reference.png"))).toBe(true);
  });
});
