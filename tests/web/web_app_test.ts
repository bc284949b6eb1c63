/**
 * The web app in a real headless Chromium against a real server (HTTP + WebSocket, temp DB):
 * one browser shared by the steps, which follow a planner's day in order.
 */
import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import type { Page } from "puppeteer-core";
import ExcelJS from "exceljs";
import { startTestApp } from "../_helpers/test_app.ts";
import { axeViolations, openBrowser, screenshots, setValue } from "./_browser.ts";
import { repoPath } from "../_helpers/paths.ts";
import { attachWs } from "../../src/server/ws_server.ts";
import { ensureWebBuild } from "../../src/web/build.ts";
import { webHandler } from "../../src/web/serve.ts";
import { ganttRowLabels, ganttRowOf, KIND_COLORS, typeColors } from "../../src/reports/palette.ts";
import { pollUntil } from "../_helpers/poll.ts";
import { longJob } from "../_helpers/long_job.ts";

const LOTS = repoPath("examples/lots.csv");

async function waitText(page: Page, selector: string, text: string, timeout = 60_000) {
  await page.waitForFunction(
    (s, t) => [...document.querySelectorAll(s)].some((e) => e.textContent?.includes(t)),
    { timeout },
    selector,
    text,
  );
}

async function go(page: Page, url: string, heading: string) {
  await page.goto(url, { waitUntil: "load" });
  await waitText(page, "h1", heading);
}

function hex(c: string): [number, number, number] {
  return [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16)) as [number, number, number];
}

Deno.test("web app: a planner's path through every page in Chromium", async (t) => {
  const web = webHandler(await ensureWebBuild());
  await using app = await startTestApp({ attach: [attachWs], web });
  await using b = await openBrowser();
  const { page } = b;
  const shots: string[] = [];
  const a11y: string[] = [];
  const check = async (name: string) => {
    a11y.push(...(await axeViolations(page)).map((v) => `${name}: ${v}`));
    shots.push(...(await screenshots(page, name)));
  };

  await t.step("register, landing on the dashboard", async () => {
    await page.goto(app.url, { waitUntil: "load" });
    await waitText(page, "h2", "Sign in");
    await check("login");
    await page.click("button.link");
    await page.type('input[name="email"]', "planner@example.com");
    await page.type('input[name="password"]', "correct horse battery");
    await page.click('button[type="submit"]');
    await waitText(page, "h1", "Dashboard");
  });
  const token = await page.evaluate(() => localStorage.getItem("fillscheduler.token"));
  assert(token);
  const api = app.client(token);

  let scheduleId = "";
  await t.step("upload examples/lots.csv, preview, schedule, watch it finish", async () => {
    await go(page, `${app.url}/new`, "New schedule");
    const input = await page.waitForSelector('input[type="file"]');
    await input!.uploadFile(LOTS);
    await page.waitForSelector('[data-testid="preview"] tbody tr');
    const rows = await page.$$eval('[data-testid="preview"] tbody tr', (r) => r.length);
    const lots = (await Deno.readTextFile(LOTS)).trim().split("\n").length - 1;
    assertEquals(rows, lots);
    await page.select('select[name="strategy"]', "smart-pack");
    await page.type('input[name="name"]', "first plan");
    await check("new-schedule");
    await page.click('button[type="submit"].primary');
    await page.waitForFunction(() => /^\/schedules\//.test(location.pathname), { timeout: 30_000 });
    scheduleId = page.url().split("/").pop()!;
    await waitText(page, ".pill", "completed");
    await page.waitForSelector("canvas[data-layout]");
  });

  await t.step(
    "the Gantt has a bar per activity where it belongs; KPIs equal schedule.get",
    async () => {
      const s = await api.schedule.get.query({ id: scheduleId });
      const acts = s.activities!;
      const layout = JSON.parse(
        await page.$eval("canvas[data-layout]", (c) => (c as HTMLCanvasElement).dataset.layout!),
      );
      const rows = ganttRowLabels(acts);
      assertEquals(layout.rows, rows);
      const rowIndex = new Map(rows.map((r: string, i: number) => [r, i]));
      const colors = typeColors(rows.slice(2));
      const points = acts.map((a) => {
        const k = layout.width / (layout.endH - layout.startH);
        return {
          x: layout.left + ((a.startH + a.endH) / 2 - layout.startH) * k,
          y: layout.top + ganttRowOf(a, rowIndex) * layout.rowH + layout.rowH / 2,
          color: a.kind === "FILL" ? colors.get(a.lotType!)! : KIND_COLORS[a.kind],
        };
      });
      const seen = await page.$eval("canvas[data-layout]", (c, pts) => {
        const canvas = c as HTMLCanvasElement;
        const g = canvas.getContext("2d")!;
        const scale = canvas.width / canvas.clientWidth;
        return (pts as { x: number; y: number }[]).map(({ x, y }) =>
          Array.from(
            g.getImageData(Math.round(x * scale), Math.round(y * scale), 1, 1).data.slice(0, 3),
          )
        );
      }, points);
      points.forEach((p, i) =>
        assertEquals(seen[i], hex(p.color), `activity ${i} (${acts[i]!.kind})`)
      );
      // Between two fills in a type row, outside any bar, the row is background.
      const kpis = await page.$$eval(
        "dd[data-kpi]",
        (d) => Object.fromEntries(d.map((e) => [(e as HTMLElement).dataset.kpi, e.textContent])),
      );
      const k = s.kpis!, bd = s.bound!;
      assertEquals(kpis.makespanHours, `${k.makespanHours.toFixed(2)} h`);
      assertEquals(kpis.fillHours, `${k.fillHours.toFixed(2)} h`);
      assertEquals(kpis.changeoverHours, `${k.changeoverHours.toFixed(2)} h`);
      assertEquals(kpis.cleanHours, `${k.cleanHours.toFixed(2)} h`);
      assertEquals(kpis.cleans, String(k.cleans));
      assertEquals(kpis.lots, String(k.lots));
      assertEquals(kpis.utilization, `${(k.utilization * 100).toFixed(1)} %`);
      assertEquals(kpis.lowerBoundHours, `${bd.lowerBoundHours.toFixed(2)} h`);
      assertEquals(kpis.gapPct, `${bd.gapPct.toFixed(2)} %`);
      await check("schedule");
    },
  );

  await t.step("the why panel, a CLEAN's hover and a what-if show the API's numbers", async () => {
    const e = await api.schedule.explain.query({ id: scheduleId });
    await page.waitForSelector('[data-testid="why-panel"] li[data-why="clean"]', {
      timeout: 30_000,
    });
    const cleans = await page.$$eval('li[data-why="clean"]', (li) => li.map((x) => x.textContent));
    assertEquals(cleans, e.cleans.map((c) => c.sentence));
    const steps = await page.$$eval('li[data-why="step"]', (li) => li.map((x) => x.textContent));
    assertEquals(steps, e.certificate.steps);
    // Hovering the second CLEAN shows why it is there.
    const s = await api.schedule.get.query({ id: scheduleId });
    const layout = JSON.parse(
      await page.$eval("canvas[data-layout]", (c) => (c as HTMLCanvasElement).dataset.layout!),
    );
    const clean = s.activities!.filter((a) => a.kind === "CLEAN")[1]!;
    const k = layout.width / (layout.endH - layout.startH);
    const box = (await (await page.$("canvas[data-layout]"))!.boundingBox())!;
    await page.mouse.move(
      box.x + layout.left + ((clean.startH + clean.endH) / 2 - layout.startH) * k,
      box.y + layout.top + layout.rowH / 2,
    );
    await waitText(page, '[data-why="clean-tip"]', e.cleans[1]!.sentence, 10_000);
    await page.mouse.move(0, 0);
    // A what-if with one more hour of window: the page's figure is the API's.
    await setValue(page, 'input[name="windowHours"]', "121");
    await page.click('form.what-if button[type="submit"]');
    await page.waitForSelector('[data-testid="what-if-results"] tbody tr', { timeout: 60_000 });
    const shown = await page.$eval(
      '[data-testid="what-if-results"] tbody tr',
      (tr) => Number((tr as HTMLElement).dataset.makespan),
    );
    const r = await api.schedule.whatIf.mutate({
      id: scheduleId,
      changes: [{ name: "window 121", set: { windowHours: 121 } }],
      budgetMs: 1000,
    });
    assertEquals(shown, r.results[0]!.makespanHours);
    await check("schedule-why");
  });

  await t.step("a rush lot's ranked places and a re-plan each make the next version", async () => {
    const type = (selector: string, value: string) => setValue(page, selector, value);
    const lot = { id: "RUSH1", type: "VialE", vials: 200000 };
    await type('input[name="rushId"]', lot.id);
    await type('input[name="rushType"]', lot.type);
    await type('input[name="rushVials"]', String(lot.vials));
    await page.click('form[aria-label="Rush lot"] button[type="submit"]');
    await page.waitForSelector('[data-testid="rush-options"] tbody tr', { timeout: 30_000 });
    const ranked = await api.schedule.rushOptions.query({ id: scheduleId, lot });
    const first = await page.$eval(
      '[data-testid="rush-options"] tbody tr td:nth-child(3)',
      (td) => td.textContent,
    );
    assert(first!.includes(ranked.options[0]!.makespanDeltaHours.toFixed(2)), first!);
    await page.click('[data-testid="rush-options"] tbody tr button');
    await waitText(page, "h2", "this is v2", 30_000);
    const v2 = page.url().split("/").pop()!;
    const s2 = await api.schedule.get.query({ id: v2 });
    assertEquals(s2.parentId, scheduleId);
    assert(s2.plan!.flat().includes("RUSH1"));
    await type('form[aria-label="Re-plan"] input[name="remove"]', "RUSH1");
    await page.click('form[aria-label="Re-plan"] button[type="submit"]');
    await waitText(page, "h2", "this is v3", 60_000);
    await page.waitForSelector('[data-testid="versions"] tbody tr:nth-child(3)');
    const versions = await api.schedule.versions.query({ id: scheduleId });
    assertEquals(versions.map((v) => v.change), ["run", "rush-lot", "replan"]);
    await check("schedule-versions");
    // The history step below counts the runs of this path: the versions leave it as it was.
    for (const v of versions.slice(1).reverse()) {
      await api.schedule.delete.mutate({ id: v.scheduleId });
    }
  });

  await t.step("the xlsx holds every activity; the PDF has the report's pages", async () => {
    const s = await api.schedule.get.query({ id: scheduleId });
    const x = await api.schedule.export.query({ id: scheduleId, format: "xlsx" });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Uint8Array.from(atob(x.content), (c) => c.charCodeAt(0)).buffer);
    assertEquals(wb.worksheets.map((w) => w.name), ["Activities", "Blocks", "KPIs", "Config"]);
    const sheet = wb.getWorksheet("Activities")!;
    assertEquals(sheet.rowCount - 1, s.activities!.length);
    s.activities!.forEach((a, i) => {
      const row = sheet.getRow(i + 2);
      assertEquals(row.getCell(4).value, a.kind);
      assertEquals(row.getCell(5).value ?? "", a.lotId ?? "");
      assert(row.getCell(1).value instanceof Date);
    });
    assertEquals(wb.getWorksheet("Blocks")!.rowCount - 1, s.kpis!.blocks.length);
    const pdf = await api.schedule.export.query({ id: scheduleId, format: "pdf" });
    const bytes = atob(pdf.content);
    assert(bytes.startsWith("%PDF-"));
    const pages = bytes.match(/\/Type\s*\/Page[^s]/g)?.length ?? 0;
    // The report puts the block table on its own page after the charts.
    assert(pages >= 2, `pdf pages: ${pages}`);
  });

  await t.step("a bad CSV shows each error at its line", async () => {
    await go(page, `${app.url}/new`, "New schedule");
    const bad = "Lot ID,Type,Vials\nA1,VialE,100\nA1,VialE,200\nB1,,300\nC1,VialH,12.5\n";
    await page.type('textarea[name="csv"]', bad);
    await page.waitForSelector('[data-testid="csv-issues"] li');
    const lines = await page.$$eval(
      '[data-testid="csv-issues"] li',
      (li) => li.map((e) => Number((e as HTMLElement).dataset.line)),
    );
    assertEquals([...new Set(lines)].sort(), [3, 4, 5]);
    assert(
      await page.$eval('button[type="submit"].primary', (e) => (e as HTMLButtonElement).disabled),
    );
    await check("new-schedule-errors");
  });

  await t.step("a comparison shows a bar per strategy", async () => {
    await go(page, `${app.url}/new`, "New schedule");
    await setValue(page, 'textarea[name="csv"]', await Deno.readTextFile(LOTS));
    await page.waitForSelector('[data-testid="preview"]');
    await page.click('input[name="mode"]:not(:checked)');
    for (const s of ["spt-pack", "lpt-pack", "cfs-pack"]) {
      await page.click(`input[name="compare"][value="${s}"]`);
    }
    await page.click('button[type="submit"].primary');
    await page.waitForFunction(() => /^\/compare\//.test(location.pathname), { timeout: 30_000 });
    await page.waitForSelector('[data-testid="compare-bars"] rect.run', { timeout: 60_000 });
    const id = page.url().split("/").pop()!;
    const c = await pollUntil(() => api.compare.get.query({ id }));
    const bars = await page.$$eval(
      '[data-testid="compare-bars"] rect.run',
      (r) => r.map((e) => e.getAttribute("data-strategy")),
    );
    assertEquals(bars, c.runs.filter((r) => r.kpis).map((r) => r.strategy));
    assert(bars.length >= 3);
    assert(await page.$('[data-testid="compare-bars"] line.bound'));
    await check("compare");
    // Any run's Gantt opens (the run again, as a schedule on the same lots and start).
    await page.click(
      '[data-testid="compare-table"] button[aria-label="Open Gantt of lpt-pack"]',
    );
    await page.waitForFunction(() => /^\/schedules\//.test(location.pathname));
    await waitText(page, ".pill", "completed");
    await page.waitForSelector("canvas[data-layout]");
    const opened = await api.schedule.get.query({ id: page.url().split("/").pop()! });
    const lpt = c.runs.find((r) => r.strategy === "lpt-pack")!;
    assertEquals(opened.strategy, "lpt-pack");
    assertEquals(opened.kpis!.makespanHours, lpt.kpis!.makespanHours);
    assertEquals(opened.startAt, c.startAt);
  });

  await t.step("a template edited in the page changes the next run's config", async () => {
    await go(page, `${app.url}/templates`, "Config templates");
    await page.click("button.primary");
    await page.type('input[name="name"]', "long cleans");
    await page.type('input[name="cleanHours"]', "30");
    await page.click('form button[type="submit"]');
    await waitText(page, '[data-testid="templates"] td', "long cleans");
    await page.click('[data-testid="templates"] .row-actions button');
    const field = await page.waitForSelector('input[name="cleanHours"]');
    await field!.click({ count: 3 });
    await field!.type("36");
    await page.click('form button[type="submit"]');
    await waitText(page, '[data-testid="templates"] code', "cleanHours=36");
    await page.click('[data-testid="templates"] td button.small');
    await waitText(page, '[data-testid="templates"] td', "default");
    await check("templates");
    const { id } = await api.schedule.create.mutate({
      csv: await Deno.readTextFile(LOTS),
      strategy: "spt",
      name: "after template",
    });
    const s = await pollUntil(() => api.schedule.get.query({ id }));
    assertEquals(s.config.cleanHours, 36);
  });

  await t.step("history filters narrow the list", async () => {
    await go(page, `${app.url}/history`, "History");
    await waitText(page, '[data-testid="history-total"]', "3 schedules");
    await page.select('select[name="strategy"]', "smart-pack");
    await waitText(page, '[data-testid="history-total"]', "1 schedules");
    await page.select('select[name="strategy"]', "");
    await page.type('input[name="search"]', "after");
    await waitText(page, '[data-testid="history-total"]', "1 schedules");
    const names = await page.$$eval(
      '[data-testid="history"] tbody td:first-child',
      (d) => d.map((e) => e.textContent),
    );
    assertEquals(names, ["after template"]);
    await check("history");
  });

  await t.step("stop and keep best ends a running search with its plan", async () => {
    const { id } = await api.schedule.create.mutate(longJob(60));
    await go(page, `${app.url}/schedules/${id}`, "");
    await waitText(page, "[data-live=phase]", "improving");
    await page.click('button[title^="End the search now"]');
    await waitText(page, ".pill", "completed");
    const s = await api.schedule.get.query({ id });
    assertEquals(s.solveStatus, s.bound!.provenOptimal ? "optimal" : "stopped");
    if (s.solveStatus === "stopped") await page.waitForSelector('[data-testid="stopped-early"]');
    await page.waitForSelector("canvas[data-layout]");
  });

  await t.step(
    "due dates in the preview, a calendar in the editor, downtimes and late lots in the Gantt",
    async () => {
      await go(page, `${app.url}/new`, "New schedule");
      const set = (selector: string, value: string) => setValue(page, selector, value);
      const rows = (await Deno.readTextFile(LOTS)).trim().split(/\r?\n/);
      const csv = [
        `${rows[0]},Due,Priority`,
        ...rows.slice(1).map((r, i) => `${r},2026-03-0${2 + (i % 5)}T12:00:00Z,${1 + (i % 2)}`),
      ].join("\n");
      await set('textarea[name="csv"]', csv);
      await page.waitForSelector('[data-testid="preview"] tbody tr');
      const head = await page.$$eval(
        '[data-testid="preview"] th',
        (h) => h.map((e) => e.textContent),
      );
      assert(head.includes("Due") && head.includes("Priority"), head.join());
      await page.click('[data-testid="calendar-editor"] button');
      await set('input[name="calendar.0.start"]', "2026-03-03T00:00");
      await set('input[name="calendar.0.end"]', "2026-03-04T00:00");
      await set('input[name="calendar.0.reason"]', "maintenance");
      await set('input[name="start"]', "2026-03-01T06:00");
      await page.select('select[name="zone"]', "UTC");
      await page.select('select[name="strategy"]', "smart-pack");
      await page.select('select[name="objective"]', "makespan-then-tardiness");
      await check("new-schedule-calendar");
      await page.click('button[type="submit"].primary');
      await page.waitForFunction(() => /^\/schedules\//.test(location.pathname), {
        timeout: 30_000,
      });
      await waitText(page, ".pill", "completed");
      await page.waitForSelector("canvas[data-layout]");
      const s = await api.schedule.get.query({ id: page.url().split("/").pop()! });
      assertEquals(s.downtimes.map((d) => [d.start, d.reason]), [
        ["2026-03-03T00:00:00.000Z", "maintenance"],
      ]);
      for (const a of s.activities!) {
        assert(a.endH <= s.downtimes[0]!.startH + 1e-9 || a.startH >= s.downtimes[0]!.endH - 1e-9);
      }
      const layout = JSON.parse(
        await page.$eval("canvas[data-layout]", (c) => (c as HTMLCanvasElement).dataset.layout!),
      );
      assertEquals(layout.downtimesDrawn, 1);
      assertEquals(layout.lateDrawn, s.kpis!.due!.late);
      const late = await page.$eval('dd[data-kpi="late"]', (d) => d.textContent);
      assertEquals(late, String(s.kpis!.due!.late));
      await page.waitForSelector("table.activities td[data-late]");
      await check("schedule-calendar");
    },
  );

  await t.step("dashboard and admin", async () => {
    await go(page, `${app.url}/`, "Dashboard");
    await check("dashboard");
    await go(page, `${app.url}/admin`, "Admin");
    await page.waitForSelector("pre.json");
    await check("admin");
  });

  await t.step("an expired session goes back to sign-in and remembers the page", async () => {
    await page.evaluate(() => localStorage.setItem("fillscheduler.token", "expired.token.value"));
    await page.goto(`${app.url}/history`, { waitUntil: "load" });
    await waitText(page, "p.notice", "session ended");
    assertEquals(new URL(page.url()).searchParams.get("next"), "/history");
  });

  // A 401 from the expired token above is the one console error a browser logs by itself.
  const errors = b.errors.filter((e) => !e.includes("401"));
  assertEquals(errors, []);
  assertEquals(a11y, []);
  console.log(`screenshots:\n  ${shots.join("\n  ")}`);
});
