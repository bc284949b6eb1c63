import { ok as assert } from "node:assert/strict";
import {
  DEFAULT_CONFIG,
  explainSchedule,
  parseLotsCsv,
  runSchedule,
} from "../../src/engine/mod.ts";
import { scheduleReportHtml } from "../../src/reports/schedule_report.ts";
import { esc } from "../../src/reports/svg.ts";
import { SEED_LOTS } from "../_helpers/paths.ts";

Deno.test("the schedule report shows why each CLEAN and the bound's argument when given", async () => {
  const { lots } = parseLotsCsv(await Deno.readTextFile(SEED_LOTS));
  const schedule = await runSchedule(lots, DEFAULT_CONFIG, { strategy: "lpt-pack", startMs: 0 });
  const explanation = explainSchedule(schedule, "heuristic");
  const html = scheduleReportHtml({ schedule, timeZone: "UTC", generatedAt: 0, explanation });
  for (const c of explanation.cleans) assert(html.includes(esc(c.sentence)), c.sentence);
  for (const s of explanation.certificate.steps) assert(html.includes(esc(s)), s);
  const plain = scheduleReportHtml({ schedule, timeZone: "UTC", generatedAt: 0 });
  assert(!plain.includes("Why each CLEAN"));
});
