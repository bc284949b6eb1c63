import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { DEFAULT_CONFIG, parseLotsCsv, runSchedule } from "../../src/engine/mod.ts";
import type { Schedule } from "../../src/engine/mod.ts";
import { ganttGeometry, ganttSvg, windowUseSvg } from "../../src/reports/svg.ts";
import { comparisonBarsSvg } from "../../src/reports/comparison_svg.ts";
import { scheduleReportHtml } from "../../src/reports/schedule_report.ts";
import { comparisonReportHtml } from "../../src/reports/comparison_report.ts";
import { ganttRowOf, KIND_COLORS, typeColors } from "../../src/reports/palette.ts";
import { scheduleCommand } from "../../src/cli/schedule_cmd.ts";
import { compareCommand } from "../../src/cli/compare_cmd.ts";
import { memoryIo } from "../../src/cli/io.ts";
import { EXIT } from "../../src/cli/command.ts";
import { repoPath } from "../_helpers/paths.ts";
import { inTempDir } from "../cli/_fixtures.ts";

const LOTS = repoPath("examples/lots.csv");
const START = Date.UTC(2026, 0, 5, 6);

async function example(strategy = "spt-pack"): Promise<Schedule> {
  const { lots, issues } = parseLotsCsv(await Deno.readTextFile(LOTS));
  assertEquals(issues, []);
  return await runSchedule(lots, DEFAULT_CONFIG, { strategy, startMs: START, boundBudgetMs: 0 });
}

/** The attributes of every `<tag class="cls" …>` in document order. */
function elements(svg: string, tag: string, cls: string): Record<string, string>[] {
  const re = new RegExp(`<${tag} class="${cls}"([^>]*)>`, "g");
  return [...svg.matchAll(re)].map((m) =>
    Object.fromEntries([...m[1]!.matchAll(/([\w-]+)="([^"]*)"/g)].map((a) => [a[1]!, a[2]!]))
  );
}

const near = (a: number, b: number, what: string) =>
  assert(Math.abs(a - b) <= 0.011, `${what}: ${a} vs ${b}`);

Deno.test("report Gantt: one rect per activity at its time, row and colour", async () => {
  const s = await example();
  const svg = ganttSvg(s.activities, { startMs: s.startMs, timeZone: "Europe/Berlin" });
  const g = ganttGeometry(s.activities);
  const rects = elements(svg, "rect", "act");
  assertEquals(rects.length, s.activities.length);
  const rowIndex = new Map(g.rows.map((r, i) => [r, i]));
  const colors = typeColors(g.rows.slice(2));
  s.activities.forEach((a, i) => {
    const r = rects[i]!;
    assertEquals(r["data-kind"], a.kind);
    near(Number(r.x), g.left + a.startH * g.pxPerHour, `x of ${i}`);
    near(Number(r.width), Math.max(0.3, (a.endH - a.startH) * g.pxPerHour), `width of ${i}`);
    assertEquals(Number(r.y), g.top + ganttRowOf(a, rowIndex) * g.rowH + 3);
    assertEquals(r.fill, a.kind === "FILL" ? colors.get(a.lotType!)! : KIND_COLORS[a.kind]);
  });
  // The last activity ends at the right edge of the plot; blocks are marked at each CLEAN.
  const last = rects[rects.length - 1]!;
  near(Number(last.x) + Number(last.width), g.width - 6, "right edge");
  assertEquals(elements(svg, "line", "block").length, s.kpis.cleans);
});

Deno.test("report window use: a bar per block, height proportional to its use", async () => {
  const s = await example();
  const bars = elements(windowUseSvg(s.kpis.blocks), "rect", "use");
  assertEquals(bars.length, s.kpis.blocks.length);
  const plotH = 100;
  bars.forEach((b, i) => near(Number(b.height), plotH * s.kpis.blocks[i]!.windowUse, `block ${i}`));
});

Deno.test("comparison bars: widths proportional to makespan, the bound line at its value", () => {
  const runs = [
    { strategy: "a", kpis: { makespanHours: 100 } },
    { strategy: "b<x>", kpis: { makespanHours: 50 } },
    { strategy: "failed", kpis: null },
  ];
  const svg = comparisonBarsSvg({ runs, lowerBoundHours: 40, best: "b<x>" });
  const bars = elements(svg, "rect", "run");
  assertEquals(bars.map((b) => b["data-strategy"]), ["a", "b&lt;x&gt;"]);
  near(Number(bars[1]!.width) * 2, Number(bars[0]!.width), "half as long");
  const line = elements(svg, "line", "bound")[0]!;
  near(Number(line.x1) - Number(bars[0]!.x), Number(bars[0]!.width) * 0.4, "bound at 40 h");
  assert(!svg.includes("<x>"));
});

Deno.test("schedule report: self-contained HTML with KPIs, bound, Gantt and blocks", async () => {
  const s = await example("opt-pack");
  const html = scheduleReportHtml({
    schedule: s,
    timeZone: "UTC",
    name: "A&B",
    generatedAt: START,
  });
  assert(!/<script|<link|src="http|href="http/i.test(html), "no scripts or external resources");
  assert(html.includes("@page { size: A4 landscape"));
  assert(html.includes("Schedule A&amp;B"));
  assert(html.includes(`${s.kpis.makespanHours.toFixed(2)} h`));
  assert(html.includes(`${s.bound.lowerBoundHours.toFixed(2)} h`));
  assertEquals(elements(html, "rect", "act").length, s.activities.length);
  assertEquals((html.match(/<tr><td class="num">/g) ?? []).length, s.kpis.blocks.length);
  const cmp = comparisonReportHtml({
    name: null,
    lotCount: 15,
    startAt: "2026-01-05T06:00:00.000Z",
    baseline: "given-order",
    best: "x",
    lowerBoundHours: s.bound.lowerBoundHours,
    boundMethod: s.bound.method,
    runs: [{
      strategy: "x",
      kpis: s.kpis,
      delta: null,
      gapPct: 0,
      provenOptimal: true,
      elapsedMs: 5,
      error: null,
    }],
  }, "now");
  assert(cmp.includes('class="best"'));
  assert(!/<script/i.test(cmp));
});

Deno.test("schedule --report and compare --report write the HTML reports", async () => {
  await inTempDir(async (dir) => {
    const io = memoryIo({});
    const args = ["--data", LOTS, "--out", `${dir}/s`, "--strategy", "spt", "--report"];
    assertEquals(await scheduleCommand([...args, "--start", "2026-01-05 06:00"], io), EXIT.ok);
    const html = await Deno.readTextFile(`${dir}/s/report.html`);
    const doc = JSON.parse(await Deno.readTextFile(`${dir}/s/schedule.json`));
    assertEquals(elements(html, "rect", "act").length, doc.activities.length);
    const cio = memoryIo({});
    const code = await compareCommand(
      ["--data", LOTS, "--out", `${dir}/c`, "--strategies", "spt,lpt", "--report"],
      cio,
    );
    assertEquals(code, EXIT.ok, cio.stderr);
    const cmp = await Deno.readTextFile(`${dir}/c/report.html`);
    // given-order always runs, plus the two asked for.
    assertEquals(elements(cmp, "rect", "run").length, 3);
  });
});
