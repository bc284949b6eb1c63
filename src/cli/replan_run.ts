/**
 * `schedule --replan-from FILE`: re-plan a written schedule from `--now` with the lots as they are
 * now, or (`--insert`) rank the places for one rush lot and, with `--apply K`, write the K-th.
 * The line constants are the schedule's own (its frozen part was planned under them).
 */
import {
  applyRushLot,
  changesBetween,
  fingerprints,
  frozenPrefix,
  InputError,
  type InsertOption,
  type Lot,
  parseScheduleJson,
  parseStartTime,
  rankRushLot,
  type ReadSchedule,
  type Registry,
  type ReplanReport,
  replanSchedule,
  type Schedule,
  type ScheduleLineage,
  type SchedulerConfig,
} from "../engine/mod.ts";
import { UsageError } from "./command.ts";
import { loadCheckedConfig } from "./effective_config.ts";
import { str } from "./flags.ts";
import type { CliIo } from "./io.ts";
import { readLotsFile, readText } from "./read_inputs.ts";
import { scheduleKpiTable } from "./kpi_table.ts";
import { writeScheduleFiles } from "./write_outputs.ts";

type Values = Record<string, string | string[] | boolean | undefined>;

const f2 = (n: number) => n.toFixed(2);
const signed = (n: number) => (n >= 0.005 ? `+${f2(n)}` : Math.abs(n) < 0.005 ? "0.00" : f2(n));

/** The parent schedule and the config to re-plan it under (its line, the layers' strategy). */
async function parentAndConfig(
  values: Values,
  io: CliIo,
  registry: Registry,
): Promise<{ parent: ReadSchedule; config: SchedulerConfig }> {
  const path = str(values["replan-from"])!;
  const parent = parseScheduleJsonAt(path, await readText(path, "schedule file"));
  const { config, errors } = await loadCheckedConfig(values, io.env, registry);
  if (errors.length) throw new InputError("invalid configuration", errors);
  // Without a calendar of its own, the re-plan keeps the one the schedule was made around.
  const calendar = config.calendar?.length ? config.calendar : (parent.schedule.calendar ?? [])
    .map((d) => ({
      start: new Date(parent.schedule.startMs + d.startH * 3_600_000).toISOString(),
      end: new Date(parent.schedule.startMs + d.endH * 3_600_000).toISOString(),
      reason: d.reason,
    }));
  return {
    parent,
    config: { ...config, ...parent.schedule.config, timeZone: parent.timeZone, calendar },
  };
}

function parseScheduleJsonAt(path: string, text: string): ReadSchedule {
  try {
    return parseScheduleJson(text);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    throw new InputError(
      e.message,
      e.issues.map((i) => ({ ...i, message: `${path}: ${i.message}` })),
    );
  }
}

/** `--now`, read like `--start` in the schedule's zone; the clock when absent. */
function nowOf(values: Values, config: SchedulerConfig, io: CliIo): number {
  const t = str(values.now);
  return t === undefined ? io.now() : parseStartTime(t, config.timeZone);
}

/** The written schedule's lineage entry for a child of `parent`. */
async function childLineage(
  parent: ReadSchedule,
  schedule: Schedule,
  config: SchedulerConfig,
): Promise<ScheduleLineage> {
  return {
    version: (parent.lineage?.version ?? 1) + 1,
    scheduleId: null,
    parentId: parent.lineage?.scheduleId ?? null,
    ...await fingerprints(schedule.plan.flat(), config),
  };
}

/** `--replan-from FILE --now T --data LOTS.csv`. */
export async function replanFromFile(
  values: Values,
  data: string,
  budgetMs: number,
  io: CliIo,
  registry: Registry,
): Promise<string[]> {
  const { parent, config } = await parentAndConfig(values, io, registry);
  const nowMs = nowOf(values, config, io);
  const lotsNow = await readLotsFile(data, config);
  const freezeBlock = !!values["freeze-block"];
  const prefix = frozenPrefix(
    parent.schedule.plan,
    config,
    (nowMs - parent.schedule.startMs) / 3_600_000,
    freezeBlock,
  );
  const within = str(values["keep-order-within"]);
  const keep = within === undefined ? undefined : Number(within);
  if (keep !== undefined && !(Number.isFinite(keep) && keep >= 0)) {
    throw new UsageError(`--keep-order-within must be hours >= 0, got ${JSON.stringify(within)}`);
  }
  const { schedule, report } = await replanSchedule(parent.schedule, config, {
    nowMs,
    changes: changesBetween(parent.schedule.plan.flat(), lotsNow, prefix.frozenIds),
    freezeBlock,
    registry,
    // The schedule's own strategy unless one is asked for.
    strategy: str(values.strategy) ?? parent.schedule.strategy,
    boundBudgetMs: budgetMs,
    ...(keep !== undefined ? { keepOrderWithinHours: keep } : {}),
  });
  const lineage = await childLineage(parent, schedule, config);
  const paths = await writeScheduleFiles(str(values.out) ?? "out", schedule, {
    timeZone: config.timeZone,
    generatedAt: io.now(),
    lineage,
  });
  io.out(scheduleKpiTable(schedule));
  io.out(replanLines(report, parent.schedule));
  return paths;
}

/** The re-plan's own lines under the KPI table. */
function replanLines(r: ReplanReport, parent: Schedule): string {
  const list = (ids: readonly string[]) =>
    ids.length
      ? `${ids.length} (${ids.slice(0, 8).join(", ")}${ids.length > 8 ? ", …" : ""})`
      : "0";
  const rows: [string, string][] = [
    ["now", new Date(r.nowMs).toISOString()],
    ["frozen", `${r.frozenLots.length} lots, up to ${f2(r.frozenUntilH)} h`],
    ["continued block", r.continuedBlock ? "yes" : "no"],
    ["added", list(r.added)],
    ["removed", list(r.removed)],
    ["vials changed", list(r.changed.map((c) => c.lotId))],
    ["moved", list(r.moved)],
    [
      "plan",
      `${r.chosen}${
        r.keptOrderMakespanHours !== null
          ? ` (kept order ${f2(r.keptOrderMakespanHours)} h, re-optimized ${
            f2(r.optimizedMakespanHours)
          } h)`
          : ""
      }`,
    ],
    [
      "makespan change",
      `${signed(r.remainder.makespanHours + r.frozenUntilH - parent.kpis.makespanHours)} h`,
    ],
    [
      "re-planned part",
      `${f2(r.remainder.makespanHours)} h, bound ${f2(r.remainder.lowerBoundHours)} h, gap ${
        f2(r.remainder.gapPct)
      }%${r.remainder.provenOptimal ? " (proven optimal)" : ""}`,
    ],
  ];
  return "\nRe-plan\n" + rows.map(([l, v]) => `  ${l.padEnd(16)} ${v}`).join("\n") + "\n";
}

/** `--insert "LOT,TYPE,VIALS"` read into a lot; a usage error says the form. */
export function parseInsert(text: string): Lot {
  const parts = text.split(",").map((s) => s.trim());
  if (parts.length !== 3 || !parts[0] || !parts[1] || !/^\d+$/.test(parts[2]!)) {
    throw new UsageError(
      `--insert must be "LOT,TYPE,VIALS" with a whole number of vials, got ${JSON.stringify(text)}`,
    );
  }
  return { id: parts[0], type: parts[1], vials: Number(parts[2]) };
}

/** One ranked place as the terminal shows it (blocks and positions 1-based). */
export function placeText(o: InsertOption): string {
  const at = `block ${o.block + 1}`;
  switch (o.kind) {
    case "new-block":
      return `new block ${o.block + 1}`;
    case "into-block":
      return `${at}, position ${o.position + 1}`;
    case "push-on":
      return `${at}, position ${o.position + 1}, pushing on`;
    case "split-block":
      return `${at}, position ${o.position + 1}, splitting it`;
  }
}

/** `--insert "LOT,TYPE,VIALS" --replan-from FILE [--now T] [--top N] [--apply K]`. */
export async function insertFromFile(
  values: Values,
  budgetMs: number,
  io: CliIo,
  registry: Registry,
): Promise<string[]> {
  const lot = parseInsert(str(values.insert)!);
  const { parent, config } = await parentAndConfig(values, io, registry);
  const opts = {
    ...(str(values.now) !== undefined ? { nowMs: nowOf(values, config, io) } : {}),
    freezeBlock: !!values["freeze-block"],
  };
  const ranking = rankRushLot(parent.schedule, config, lot, opts);
  const top = wholeFlag(values, "top", 10);
  const apply = str(values.apply) === undefined ? null : wholeFlag(values, "apply", 1);
  io.out(`Places for ${lot.id} (${lot.type}, ${lot.vials} vials), best first:\n`);
  io.out(rankingTable(ranking.options.slice(0, Math.max(top, apply ?? 0))));
  if (apply === null) return [];
  const chosen = ranking.options[apply - 1];
  if (!chosen) {
    throw new UsageError(
      `--apply must be between 1 and ${ranking.options.length}, got ${apply}`,
    );
  }
  const { schedule, remainder } = await applyRushLot(parent.schedule, config, lot, chosen, {
    ...opts,
    boundBudgetMs: budgetMs,
  });
  const paths = await writeScheduleFiles(str(values.out) ?? "out", schedule, {
    timeZone: config.timeZone,
    generatedAt: io.now(),
    lineage: await childLineage(parent, schedule, config),
  });
  io.out(`\napplied ${apply}: ${placeText(chosen)}\n`);
  io.out(scheduleKpiTable(schedule));
  io.out(
    `re-planned part   ${f2(remainder.makespanHours)} h, bound ${
      f2(remainder.lowerBoundHours)
    } h, gap ${f2(remainder.gapPct)}%\n`,
  );
  return paths;
}

function wholeFlag(values: Values, name: string, fallback: number): number {
  const v = str(values[name]);
  if (v === undefined) return fallback;
  if (!/^\d+$/.test(v.trim()) || Number(v) < 1) {
    throw new UsageError(`--${name} must be a whole number >= 1, got ${JSON.stringify(v)}`);
  }
  return Number(v);
}

function rankingTable(options: readonly InsertOption[]): string {
  const rows = options.map((o, i) => [
    String(i + 1),
    placeText(o),
    `${signed(o.makespanDeltaHours)} h`,
    o.cleansDelta ? `+${o.cleansDelta}` : "0",
    o.moved.length
      ? o.moved.map((m) => `${m.lotId} ${m.fromBlock + 1}→${m.toBlock + 1}`).join(", ")
      : "-",
  ]);
  const header = ["#", "place", "makespan", "cleans", "lots moved (block → block)"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) =>
    r.map((c, i) => (i === 2 || i === 3 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join("  ")
      .trimEnd();
  return [line(header), ...rows.map(line)].join("\n") + "\n";
}
