/** Responding to change: re-planning from a frozen prefix, rush lots, versions and their diffs. */
export { applyChanges, type ChangedLots, changesBetween, type LotChanges } from "./changes.ts";
export { firstFreeOf, type FrozenPrefix, frozenPrefix } from "./frozen.ts";
export {
  applyInsertion,
  compareOptions,
  type FirstFree,
  type InsertAt,
  type InsertKind,
  type InsertOption,
  type LotMove,
  rankInsertions,
} from "./insertion.ts";
export { movedLots } from "./disruption.ts";
export { type Replanned, type ReplanOptions, type ReplanReport, replanSchedule } from "./replan.ts";
export { applyRushLot, rankRushLot, type RushOptions, type RushRanking } from "./rush.ts";
export {
  diffSchedules,
  type KpiDelta,
  type LotMoveDiff,
  type LotPlace,
  type ScheduleDiff,
} from "./diff.ts";
export { canonicalJson, ENGINE_VERSION, type Fingerprints, fingerprints } from "./fingerprints.ts";
