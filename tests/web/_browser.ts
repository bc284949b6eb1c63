/** A real headless Chromium for page tests: console errors collected, axe-core, screenshots. */
import type { Browser, Page } from "puppeteer-core";
import { launchChromium } from "../../src/reports/pdf.ts";
import { repoPath } from "../_helpers/paths.ts";

/** Where page screenshots go (gitignored test artifacts). */
export const SCREENSHOT_DIR = repoPath("out/screenshots");

export interface BrowserSession extends AsyncDisposable {
  readonly browser: Browser;
  readonly page: Page;
  /** Console errors and uncaught exceptions seen so far, in any page. */
  readonly errors: string[];
}

/** Launches Chromium (fails, not skips, when it is missing) with one page at 1280x800. */
export async function openBrowser(): Promise<BrowserSession> {
  const browser = await launchChromium();
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 800 });
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => errors.push(`page: ${(e as Error).message}`));
  return {
    browser,
    page,
    errors,
    async [Symbol.asyncDispose]() {
      await browser.close();
    },
  };
}

/**
 * Sets an input's or textarea's value at once, through the native setter and an `input` event so
 * that React takes it as typed: typing a whole CSV key by key would take seconds.
 */
export async function setValue(page: Page, selector: string, value: string): Promise<void> {
  await page.$eval(selector, (el, v) => {
    const proto = el instanceof HTMLTextAreaElement
      ? HTMLTextAreaElement.prototype
      : HTMLInputElement.prototype;
    Object.getOwnPropertyDescriptor(proto, "value")!.set!.call(el, v);
    el.dispatchEvent(new Event("input", { bubbles: true }));
  }, value);
}

const AXE = repoPath("node_modules/axe-core/axe.min.js");

/** axe-core's serious and critical violations on the page as it is now. */
export async function axeViolations(page: Page): Promise<string[]> {
  const loaded = await page.evaluate(() => "axe" in globalThis);
  // Injected through the DevTools protocol, so the page's CSP (script-src 'self') allows it.
  if (!loaded) await page.evaluate(await Deno.readTextFile(AXE));
  const result = await page.evaluate(async () => {
    // deno-lint-ignore no-explicit-any
    const axe = (globalThis as any).axe;
    const r = await axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v: { id: string; impact: string; nodes: { target: string[] }[] }) => ({
      id: v.id,
      impact: v.impact,
      targets: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
    }));
  }) as { id: string; impact: string; targets: string[] }[];
  return result.filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.impact} ${v.id} at ${v.targets.join(", ")}`);
}

/** Screenshots the page at 1280x800 and at 390 px wide; returns the two paths. */
export async function screenshots(page: Page, name: string): Promise<string[]> {
  await Deno.mkdir(SCREENSHOT_DIR, { recursive: true });
  const out: string[] = [];
  for (const [w, h] of [[1280, 800], [390, 844]] as const) {
    await page.setViewport({ width: w, height: h });
    await new Promise((r) => setTimeout(r, 150));
    const path = `${SCREENSHOT_DIR}/${name}-${w}.png`;
    await page.screenshot({ path: path as `${string}.png`, fullPage: true });
    out.push(path);
  }
  await page.setViewport({ width: 1280, height: 800 });
  return out;
}
