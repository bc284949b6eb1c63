/** Writes one schedule's files (schedule.csv, summary.txt, schedule.json) into a folder. */
import {
  formatScheduleCsv,
  formatScheduleJson,
  formatSummary,
  type Schedule,
  type ScheduleLineage,
} from "../engine/mod.ts";

/** Names of the files a schedule is written to. */
export const SCHEDULE_FILES = ["schedule.csv", "summary.txt", "schedule.json"] as const;

/** Writes the three files into `dir` (created if needed); returns their paths. */
export async function writeScheduleFiles(
  dir: string,
  schedule: Schedule,
  opts: { timeZone: string; generatedAt: number; lineage?: ScheduleLineage },
): Promise<string[]> {
  await Deno.mkdir(dir, { recursive: true });
  const texts = [
    formatScheduleCsv(schedule, opts),
    formatSummary(schedule, opts),
    formatScheduleJson(schedule, opts),
  ];
  const paths = SCHEDULE_FILES.map((f) => `${dir.replace(/\/+$/, "") || "."}/${f}`);
  await Promise.all(paths.map((p, i) => Deno.writeTextFile(p, texts[i]!)));
  return paths;
}
