/**
 * `deno task bench:replan`: re-planning and rush lots on the bench files, with fixed seeds.
 *
 * Re-plan scenarios: each file is planned with opt-pack from hour 0; at 40 % of its makespan
 * 5 % new lots arrive, 5 % of the lots not yet started are removed and 5 % change their vials.
 * The rest is re-planned with each strategy (and once non-disruptively, keeping the old order
 * within 24 h, and once around a calendar: a maintenance day from 12 h after the running lot
 * ends and a holiday week later); each row shows the frozen lots, the makespan, the re-planned part's bound and gap,
 * the lots moved and the time taken.
 *
 * Rush lots: the ranked places for one new lot (best 10) on the files of 500 lots and the uniform
 * ones of 100 to 2,000 lots: the first call and the median of 21; the promise is a median under
 * 100 ms on 500 lots.
 *
 * Flags: --files a.csv,b.csv       files (default: the bench's public files of 100 and 500 lots)
 *        --strategies s1,s2        strategies to re-plan with (default: smart-pack,opt-pack)
 *        --time-limit SEC          opt-pack's and milp-opt's search time (default 2)
 *        --bound-ms N              time for the lower bound (default 1000)
 *        --seed N                  seed of the changes (default 1)
 *        --json out.json           every row as JSON
 */
import { parseArgs } from "node:util";
import {
  DEFAULT_CONFIG,
  frozenPrefix,
  type Lot,
  maxVialsPerLot,
  parseLotsCsv,
  rankRushLot,
  replanSchedule,
  runSchedule,
  type Schedule,
  type SchedulerConfig,
} from "../src/engine/mod.ts";
import { random } from "./_random.ts";

const HOUR_MS = 3_600_000;
const BENCH = new URL("../bench/public/", import.meta.url);

function read(path: string): Lot[] {
  const { lots, issues } = parseLotsCsv(Deno.readTextFileSync(path), DEFAULT_CONFIG);
  if (issues.length) throw new Error(`${path}: ${issues[0]!.message}`);
  return lots;
}

/** 5 % added, 5 % of the free lots removed, 5 % resized; the same for the same seed. */
function changesFor(parent: Schedule, nowH: number, seed: number) {
  const r = random(seed);
  const started = frozenPrefix(parent.plan, parent.config, nowH, false).frozenIds;
  const all = parent.plan.flat();
  const free = all.filter((l) => !started.has(l.id));
  const k = Math.max(1, Math.round(all.length * 0.05));
  const pick = () => free[Math.floor(r() * free.length)]!;
  const remove = new Set<string>();
  while (remove.size < Math.min(k, free.length - 1)) remove.add(pick().id);
  const setVials = new Map<string, number>();
  for (let i = 0; i < k; i++) {
    const l = pick();
    const vials = Math.min(maxVialsPerLot(DEFAULT_CONFIG), Math.round(l.vials * (0.5 + r())));
    if (!remove.has(l.id)) setVials.set(l.id, Math.max(1, vials));
  }
  const add = Array.from({ length: k }, (_, i) => {
    const like = all[Math.floor(r() * all.length)]!;
    return { id: `NEW${i + 1}`, type: like.type, vials: like.vials };
  });
  return {
    add,
    remove: [...remove],
    setVials: [...setVials].map(([lotId, vials]) => ({ lotId, vials })),
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

const { values } = parseArgs({
  args: Deno.args,
  options: {
    files: { type: "string" },
    strategies: { type: "string", default: "smart-pack,opt-pack" },
    "time-limit": { type: "string", default: "2" },
    "bound-ms": { type: "string", default: "1000" },
    seed: { type: "string", default: "1" },
    json: { type: "string" },
  },
});
const seed = Number(values.seed);
const boundMs = Number(values["bound-ms"]);
const timeLimitSec = Number(values["time-limit"]);
const names = [...Deno.readDirSync(BENCH)].map((e) => e.name).filter((n) => n.endsWith(".csv"));
const sizeOf = (n: string) => Number(n.match(/_n(\d+)_/)?.[1] ?? 0);
const files = values.files
  ? values.files.split(",")
  : names.filter((n) => [100, 500].includes(sizeOf(n))).sort().map((n) =>
    new URL(n, BENCH).pathname
  );
const config: SchedulerConfig = {
  ...DEFAULT_CONFIG,
  strategyOptions: {
    "opt-pack": { timeLimitSec, seed },
    "milp-opt": { timeLimitSec },
  },
};
const rows: Record<string, unknown>[] = [];
const f2 = (n: number) => n.toFixed(2);

console.log(
  "file                     strategy         frozen  makespan   part h  part LB    gap%  moved  kept?   ms",
);
for (const path of files) {
  const lots = read(path);
  const parent = await runSchedule(lots, config, { strategy: "opt-pack", startMs: 0 });
  const nowH = parent.kpis.makespanHours * 0.4;
  const changes = changesFor(parent, nowH, seed);
  const runs: { strategy: string; keep?: number; calendar?: boolean }[] = [
    ...values.strategies!.split(",").map((s) => ({ strategy: s })),
    { strategy: "opt-pack", keep: 24 },
    { strategy: "opt-pack", calendar: true },
  ];
  // A maintenance day 12 h after the running lot ends, and a holiday week later on.
  const at = (h: number) => new Date(h * HOUR_MS).toISOString();
  const endH = frozenPrefix(parent.plan, parent.config, nowH, false).endH;
  const calendar = [
    { start: at(endH + 12), end: at(endH + 36), reason: "maintenance" },
    { start: at(endH + 500), end: at(endH + 668), reason: "holiday" },
  ];
  for (const run of runs) {
    const t0 = performance.now();
    const { schedule, report } = await replanSchedule(parent, {
      ...config,
      ...(run.calendar ? { calendar } : {}),
    }, {
      nowMs: nowH * HOUR_MS,
      changes,
      strategy: run.strategy,
      boundBudgetMs: boundMs,
      ...(run.keep !== undefined ? { keepOrderWithinHours: run.keep } : {}),
    });
    const ms = performance.now() - t0;
    const name = path.split("/").pop()!.replace(/\.csv$/, "");
    const label = run.keep !== undefined
      ? `${run.strategy} ≤${run.keep}h`
      : run.calendar
      ? `${run.strategy} +cal`
      : run.strategy;
    const rem = report.remainder;
    rows.push({
      kind: "replan",
      file: name,
      strategy: label,
      frozen: report.frozenLots.length,
      makespanHours: schedule.kpis.makespanHours,
      partHours: rem.makespanHours,
      partLowerBoundHours: rem.lowerBoundHours,
      gapPct: rem.gapPct,
      moved: report.moved.length,
      chosen: report.chosen,
      ms,
    });
    console.log(
      [
        name.padEnd(24),
        label.padEnd(16),
        String(report.frozenLots.length).padStart(6),
        f2(schedule.kpis.makespanHours).padStart(9),
        f2(rem.makespanHours).padStart(8),
        f2(rem.lowerBoundHours).padStart(8),
        f2(rem.gapPct).padStart(7),
        String(report.moved.length).padStart(6),
        (report.chosen === "kept-order" ? "kept" : "-").padStart(6),
        String(Math.round(ms)).padStart(6),
      ].join(" "),
    );
  }
}

console.log("\nRush lot: ranked places (best 10), median of 21 runs");
console.log("file                       lots  places  first ms  median ms  max ms");
let over = 0;
const rushFiles = names.filter((n) => sizeOf(n) === 500 || /^uniform_n(100|1000|2000)_/.test(n))
  .sort(
    (a, b) => sizeOf(a) - sizeOf(b) || a.localeCompare(b),
  );
for (const name of rushFiles) {
  const lots = read(new URL(name, BENCH).pathname);
  const parent = await runSchedule(lots, config, { strategy: "smart-pack", startMs: 0 });
  const r = random(seed + lots.length);
  const like = lots[Math.floor(r() * lots.length)]!;
  const rush = { id: "RUSH", type: like.type, vials: like.vials };
  const nowMs = parent.kpis.makespanHours * 0.25 * HOUR_MS;
  const times: number[] = [];
  let places = 0;
  for (let i = 0; i < 21; i++) {
    const t0 = performance.now();
    const ranking = rankRushLot(parent, config, rush, { nowMs });
    const best10 = ranking.options.slice(0, 10);
    times.push(performance.now() - t0);
    places = ranking.options.length;
    if (!best10.length) throw new Error(`${name}: no place`);
  }
  const med = median(times);
  const promise = lots.length === 500 ? (med < 100 ? "  ok (< 100 ms)" : "  OVER 100 ms") : "";
  if (lots.length === 500 && med >= 100) over++;
  rows.push({
    kind: "rush",
    file: name,
    lots: lots.length,
    places,
    firstMs: times[0],
    medianMs: med,
    maxMs: Math.max(...times),
  });
  console.log(
    `${name.replace(/\.csv$/, "").padEnd(24)} ${String(lots.length).padStart(6)} ${
      String(places).padStart(7)
    } ${times[0]!.toFixed(1).padStart(9)} ${med.toFixed(1).padStart(10)} ${
      Math.max(...times).toFixed(1).padStart(7)
    }${promise}`,
  );
}
if (values.json) Deno.writeTextFileSync(values.json, JSON.stringify(rows, null, 2) + "\n");
if (over) {
  console.log(`\n${over} file(s) of 500 lots over 100 ms`);
  Deno.exit(1);
}
