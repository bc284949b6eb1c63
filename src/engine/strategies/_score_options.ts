/** Option specs of the scoring heuristics and their mapping to score weights. */
import type { OptionSpec } from "../registry.ts";
import type { ScoreWeights } from "./_score_pick.ts";

/** smart-pack's options (hybrid-pack has these too). */
export const SMART_OPTIONS: readonly OptionSpec[] = [
  {
    name: "penaltyScaleEmpty",
    type: "number",
    default: 1.0,
    min: 0,
    max: 10,
    description: "switch penalty scale at an empty window (the penalty is the changeover hours)",
  },
  {
    name: "penaltyScaleFull",
    type: "number",
    default: 1.5,
    min: 0,
    max: 10,
    description: "switch penalty scale at a full window (linear in between)",
  },
  {
    name: "slackWeight",
    type: "number",
    default: 3,
    min: 0,
    max: 100,
    description: "hours lost per hour of window a pick leaves that no remaining lot could fill",
  },
  {
    name: "stayBonus",
    type: "number",
    default: 1,
    min: 0,
    max: 100,
    description: "bonus hours for staying on the previous lot's type",
  },
  {
    name: "fillWeight",
    type: "number",
    default: 0.01,
    min: 0,
    max: 0.5,
    description: "hours taken off per fill hour (below 1, so window use always dominates)",
  },
  {
    name: "beamWidth",
    type: "integer",
    default: 3,
    min: 1,
    max: 20,
    description: "how many of the best-scored lots are re-scored with the look-ahead",
  },
  {
    name: "lookAheadWeight",
    type: "number",
    default: 0.25,
    min: 0,
    max: 10,
    description: "weight of the best follow-up lot's score (0 when nothing fits after it)",
  },
];

/** hybrid-pack's extra options (type-streak control). */
export const HYBRID_OPTIONS: readonly OptionSpec[] = [
  {
    name: "penaltyMultiplier",
    type: "number",
    default: 1.1,
    min: 0,
    max: 10,
    description: "factor on the switch penalty",
  },
  {
    name: "streakBonus",
    type: "number",
    default: 2,
    min: 0,
    max: 100,
    description: "extra bonus hours for staying on type (on top of stayBonus)",
  },
  {
    name: "sptBonus",
    type: "number",
    default: 1,
    min: 0,
    max: 100,
    description: "when staying on type, a bonus of sptBonus / fill hours (favours short lots)",
  },
  {
    name: "shortLotBonus",
    type: "number",
    default: 0.5,
    min: 0,
    max: 100,
    description: "bonus hours when switching to a type that has a short lot waiting",
  },
  {
    name: "shortLotFraction",
    type: "number",
    default: 0.1,
    min: 0,
    max: 1,
    description: "a lot is short when its fill is at most this fraction of the window",
  },
];

function num(options: Readonly<Record<string, unknown>>, spec: OptionSpec): number {
  const v = options[spec.name];
  return typeof v === "number" ? v : spec.default as number;
}

/** Score weights from resolved options; options not given take their defaults. */
export function weightsFrom(
  options: Readonly<Record<string, unknown>>,
  hybrid: boolean,
): ScoreWeights {
  const o = Object.fromEntries(
    [...SMART_OPTIONS, ...HYBRID_OPTIONS].map((s) => [s.name, num(options, s)]),
  );
  return {
    scaleEmpty: o.penaltyScaleEmpty!,
    scaleFull: o.penaltyScaleFull!,
    slackWeight: o.slackWeight!,
    stayBonus: o.stayBonus!,
    fillWeight: o.fillWeight!,
    beamWidth: o.beamWidth!,
    lookAheadWeight: o.lookAheadWeight!,
    penaltyMultiplier: hybrid ? o.penaltyMultiplier! : 1,
    streakBonus: hybrid ? o.streakBonus! : 0,
    sptWeight: hybrid ? o.sptBonus! : 0,
    shortBonus: hybrid ? o.shortLotBonus! : 0,
    shortFraction: hybrid ? o.shortLotFraction! : 0,
  };
}
