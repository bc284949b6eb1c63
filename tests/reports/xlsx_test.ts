/** The schedule workbook carries the calendar's downtimes and the lots' due dates. */
import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import ExcelJS from "exceljs";
import { DEFAULT_CONFIG, type Lot, runSchedule } from "../../src/engine/mod.ts";
import { scheduleXlsx } from "../../src/reports/xlsx.ts";

const HOUR_MS = 3_600_000;

Deno.test("xlsx: downtimes are rows in time order; fills show due and late hours; KPIs count late lots", async () => {
  const start = Date.parse("2026-01-05T06:00:00Z");
  const lots: Lot[] = Array.from({ length: 12 }, (_, i) => ({
    id: `L${i}`,
    type: `T${i % 2}`,
    vials: 100_000 + i * 20_000,
    // Half the lots are due very early, so some must be late.
    dueMs: start + (i % 2 ? 10 : 400) * HOUR_MS,
    priority: 1 + (i % 3),
  }));
  const iso = (h: number) => new Date(start + h * HOUR_MS).toISOString();
  const s = await runSchedule(lots, {
    ...DEFAULT_CONFIG,
    strategy: "lpt-pack",
    timeZone: "UTC",
    calendar: [
      { start: iso(50), end: iso(60), reason: "maintenance" },
      { start: iso(200), end: iso(230), reason: "holiday" },
    ],
  }, { startMs: start });
  assert(s.kpis.due && s.kpis.due.late > 0);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await scheduleXlsx(s, "UTC", {})).buffer as ArrayBuffer);
  const sheet = wb.getWorksheet("Activities")!;
  const rows = Array.from({ length: sheet.rowCount - 1 }, (_, i) => sheet.getRow(i + 2));
  assertEquals(rows.length, s.activities.length + 2);
  const down = rows.filter((r) => r.getCell(4).value === "DOWNTIME");
  assertEquals(down.map((r) => r.getCell(8).value), ["maintenance", "holiday"]);
  const starts = rows.map((r) => (r.getCell(1).value as Date).getTime());
  assert(starts.every((t, i) => i === 0 || t >= starts[i - 1]!), "rows in time order");
  for (const d of s.kpis.due.lots) {
    const row = rows.find((r) => r.getCell(4).value === "FILL" && r.getCell(5).value === d.lotId)!;
    assertEquals(row.getCell(10).value, d.tardinessH);
    assertEquals((row.getCell(9).value as Date).getTime(), start + d.dueH * HOUR_MS);
  }
  const kpis = new Map<string, unknown>();
  wb.getWorksheet("KPIs")!.eachRow((r) =>
    void kpis.set(String(r.getCell(1).value), r.getCell(2).value)
  );
  assertEquals(kpis.get("Late"), s.kpis.due.late);
  assertEquals(kpis.get("Weighted tardiness"), s.kpis.due.weightedTardinessHours);
});
