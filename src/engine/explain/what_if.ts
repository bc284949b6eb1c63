/**
 * What a change would buy: the same lots re-planned under a changed line (window, CLEAN,
 * changeovers) or with a lot removed or split, each re-solved with its own bound within a share
 * of one time budget, and compared with the plan as it is.
 */
import type { LineConfig, Lot } from "../model.ts";
import type { SchedulerConfig } from "../config.ts";
import { InputError } from "../errors.ts";
import { canonicalRequest } from "../run_request.ts";
import { runSchedule } from "../run_schedule.ts";
import { formatHours } from "./format.ts";

/** One change set: config values to set, lots to remove, lots to split into equal parts. */
export interface WhatIfScenario {
  readonly name: string;
  readonly set?: Partial<LineConfig>;
  readonly removeLots?: readonly string[];
  readonly splitLots?: readonly { readonly lotId: string; readonly parts: number }[];
}

export interface WhatIfResult {
  readonly name: string;
  readonly description: string;
  readonly makespanHours: number;
  readonly cleans: number;
  readonly lowerBoundHours: number;
  readonly gapPct: number;
  readonly provenOptimal: boolean;
  /** Against the plan as it is (negative = shorter / fewer). */
  readonly deltaMakespanHours: number;
  readonly deltaCleans: number;
  readonly elapsedMs: number;
}

export interface WhatIfOptions {
  /** Strategy to re-solve with (the plan's own, usually). */
  readonly strategy: string;
  /** Time for all scenarios together (strategy and bound), ms; shared out evenly. */
  readonly budgetMs: number;
  readonly signal?: AbortSignal;
  /** The plan as it is, to compare against. */
  readonly baseline: { readonly makespanHours: number; readonly cleans: number };
}

/** Most scenarios one call runs. */
export const MAX_SCENARIOS = 12;

/** The questions planners ask most: ±1 h of window, a shorter CLEAN and changeover, the largest lot. */
export function standardScenarios(lots: readonly Lot[], config: LineConfig): WhatIfScenario[] {
  const out: WhatIfScenario[] = [
    { name: "window +1 h", set: { windowHours: config.windowHours + 1 } },
    { name: "window −1 h", set: { windowHours: config.windowHours - 1 } },
    { name: "CLEAN −25 %", set: { cleanHours: config.cleanHours * 0.75 } },
  ];
  if (config.chgDiffHours > 0) {
    const d = Math.max(0, config.chgDiffHours - 1);
    out.push({
      name: "changeovers −1 h",
      set: { chgDiffHours: d, chgSameHours: Math.min(d, Math.max(0, config.chgSameHours - 1)) },
    });
  }
  const largest = [...lots].sort((a, b) => b.vials - a.vials || a.id.localeCompare(b.id))[0];
  if (largest && lots.length > 1) {
    out.push({ name: `without ${largest.id}`, removeLots: [largest.id] });
    if (largest.vials >= 2) {
      out.push({
        name: `${largest.id} split in two`,
        splitLots: [{ lotId: largest.id, parts: 2 }],
      });
    }
  }
  return out;
}

/** The lots and config a scenario describes; throws InputError naming what does not exist. */
export function applyScenario(
  lots: readonly Lot[],
  config: SchedulerConfig,
  s: WhatIfScenario,
): { lots: Lot[]; config: SchedulerConfig; description: string } {
  const parts: string[] = [];
  const next: SchedulerConfig = { ...config, ...(s.set ?? {}) };
  for (const [k, v] of Object.entries(s.set ?? {})) {
    parts.push(`${k} ${formatHours(config[k as keyof LineConfig])} → ${formatHours(v as number)}`);
  }
  const byId = new Map(lots.map((l) => [l.id, l]));
  const missing = [...(s.removeLots ?? []), ...(s.splitLots ?? []).map((x) => x.lotId)]
    .filter((id) => !byId.has(id));
  if (missing.length) {
    throw new InputError(
      `scenario ${JSON.stringify(s.name)} names lots that are not in the plan`,
      missing.map((id) => ({ field: "lotId", lotId: id, message: `lot ${id} is not in the plan` })),
    );
  }
  const removed = new Set(s.removeLots ?? []);
  if (removed.size) parts.push(`without ${[...removed].join(", ")}`);
  const splits = new Map((s.splitLots ?? []).map((x) => [x.lotId, x.parts]));
  const out: Lot[] = [];
  for (const lot of lots) {
    if (removed.has(lot.id)) continue;
    const k = splits.get(lot.id);
    if (!k || k < 2) {
      out.push(lot);
      continue;
    }
    // Equal parts (the first ones take the remainder), ids suffixed /1, /2, ….
    const base = Math.floor(lot.vials / k), extra = lot.vials % k;
    for (let p = 0; p < k; p++) {
      out.push({ id: `${lot.id}/${p + 1}`, type: lot.type, vials: base + (p < extra ? 1 : 0) });
    }
    parts.push(`${lot.id} split in ${k}`);
  }
  return { lots: out, config: next, description: parts.join("; ") || "no change" };
}

/**
 * The scenario's run request, judged as any run is (config ranges, lots against the window,
 * strategy options); issues are reported under the scenario's name.
 */
function checkScenario(
  name: string,
  lots: readonly Lot[],
  config: SchedulerConfig,
  strategy: string,
) {
  const req = canonicalRequest(config, { lots, strategy, startMs: 0 });
  const issues = lots.length
    ? req.issues
    : [...req.issues, { field: "lots", message: "lots must not be empty, got none" }];
  if (issues.length) {
    throw new InputError(`scenario ${JSON.stringify(name)} cannot be planned`, issues);
  }
  return req;
}

/**
 * Re-solves every scenario with `opts.strategy` and its own bound; each gets an equal share of the
 * budget, split between the strategy's time limit (optimizers) and the bound.
 */
export async function whatIf(
  lots: readonly Lot[],
  config: SchedulerConfig,
  scenarios: readonly WhatIfScenario[],
  opts: WhatIfOptions,
): Promise<WhatIfResult[]> {
  if (scenarios.length > MAX_SCENARIOS) {
    throw new InputError(`at most ${MAX_SCENARIOS} scenarios per call`, [{
      field: "changes",
      message: `changes has ${scenarios.length} scenarios, at most ${MAX_SCENARIOS} are allowed`,
    }]);
  }
  const prepared = scenarios.map((s) => {
    const p = applyScenario(lots, config, s);
    const req = checkScenario(s.name, p.lots, p.config, opts.strategy);
    const timed = req.runs[0]!.strategy.options.some((o) => o.name === "timeLimitSec");
    return { scenario: s, ...p, timed };
  });
  const share = opts.budgetMs / Math.max(1, scenarios.length);
  const results: WhatIfResult[] = [];
  for (const p of prepared) {
    if (opts.signal?.aborted) break;
    // Half of a share to the strategy (where it has a time limit), the rest to the bound.
    const strategyOptions = p.timed
      ? {
        ...p.config.strategyOptions,
        [opts.strategy]: {
          ...(p.config.strategyOptions[opts.strategy] ?? {}),
          timeLimitSec: share / 2000,
        },
      }
      : p.config.strategyOptions;
    const t0 = performance.now();
    const s = await runSchedule(p.lots, { ...p.config, strategyOptions }, {
      strategy: opts.strategy,
      startMs: 0,
      boundBudgetMs: p.timed ? share / 2 : share,
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    results.push({
      name: p.scenario.name,
      description: p.description,
      makespanHours: s.kpis.makespanHours,
      cleans: s.kpis.cleans,
      lowerBoundHours: s.bound.lowerBoundHours,
      gapPct: s.bound.gapPct,
      provenOptimal: s.bound.provenOptimal,
      deltaMakespanHours: s.kpis.makespanHours - opts.baseline.makespanHours,
      deltaCleans: s.kpis.cleans - opts.baseline.cleans,
      elapsedMs: performance.now() - t0,
    });
  }
  return results;
}

/** The comparison as a text table. */
export function whatIfTable(results: readonly WhatIfResult[]): string {
  const rows = results.map((r) => [
    r.name,
    `${r.makespanHours.toFixed(2)} h`,
    `${r.deltaMakespanHours >= 0 ? "+" : ""}${r.deltaMakespanHours.toFixed(2)} h`,
    String(r.cleans),
    `${r.deltaCleans >= 0 ? "+" : ""}${r.deltaCleans}`,
    r.provenOptimal ? "proven optimal" : `${r.gapPct.toFixed(2)} %`,
    `${Math.round(r.elapsedMs)} ms`,
  ]);
  const head = ["what if", "makespan", "Δ", "CLEANs", "Δ", "gap", "time"];
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (cells: readonly string[]) =>
    cells.map((x, c) => c === 0 ? x.padEnd(widths[c]!) : x.padStart(widths[c]!)).join("  ");
  return [line(head), ...rows.map(line)].join("\n") + "\n";
}
