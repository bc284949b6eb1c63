/**
 * PDF of an HTML report, printed by headless Chromium (puppeteer-core drives the system's
 * browser; nothing is downloaded). Without a browser the error says what to install.
 */
import { existsSync } from "node:fs";

/** Where we look for Chromium, first match wins; FILLSCHED_CHROMIUM overrides. */
export const CHROMIUM_PATHS = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
] as const;

/** Raised when no browser is installed: the message names the package. */
export class ChromiumMissingError extends Error {
  constructor() {
    super(
      "PDF export needs Chromium: install it (Debian/Ubuntu: `apt-get install chromium`) or set " +
        "FILLSCHED_CHROMIUM to a Chrome/Chromium binary; HTML and XLSX exports work without it",
    );
    this.name = "ChromiumMissingError";
  }
}

/** The Chromium binary to use, or null. */
export function findChromium(
  env: Record<string, string | undefined> = Deno.env.toObject(),
): string | null {
  const given = env.FILLSCHED_CHROMIUM;
  if (given) return existsSync(given) ? given : null;
  return CHROMIUM_PATHS.find((p) => existsSync(p)) ?? null;
}

/** Flags for a quiet, sandbox-free headless browser with a throwaway profile. */
export function chromiumArgs(userDataDir: string): string[] {
  return [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    `--user-data-dir=${userDataDir}`,
  ];
}

/** Launches the system's Chromium (throws ChromiumMissingError when there is none). */
export async function launchChromium() {
  const executablePath = findChromium();
  if (!executablePath) throw new ChromiumMissingError();
  const { default: puppeteer } = await import("puppeteer-core");
  const userDataDir = await Deno.makeTempDir({ prefix: "fillsched_chromium_" });
  const browser = await puppeteer.launch({
    executablePath,
    args: chromiumArgs(userDataDir),
    headless: true,
    pipe: true,
  });
  browser.once("disconnected", () => {
    Deno.remove(userDataDir, { recursive: true }).catch(() => {});
  });
  return browser;
}

/** The report printed on A4 landscape. */
export async function htmlToPdf(html: string): Promise<Uint8Array> {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    // The report is self-contained: no request may leave the page.
    await page.setRequestInterception(true);
    page.on("request", (r) => (r.url().startsWith("data:") ? r.continue() : r.abort()));
    await page.setContent(html, { waitUntil: "load" });
    const pdf = await page.pdf({
      format: "A4",
      landscape: true,
      printBackground: true,
      margin: { top: "10mm", bottom: "10mm", left: "10mm", right: "10mm" },
    });
    return new Uint8Array(pdf);
  } finally {
    await browser.close();
  }
}
