/** Search building blocks for the optimizing strategies: packing state, moves, constructions, loop. */
export { type Instance, makeInstance } from "./instance.ts";
export { blocksOfSnapshot, PackState } from "./state.ts";
export * from "./moves.ts";
export { constructions, type FitRule, greedyPack, type LotOrder, orderLots } from "./construct.ts";
export {
  applyReassign,
  bestReassign,
  blocksEnergy,
  MAX_EXACT_LOTS,
  type Reassignment,
  RepackScratch,
} from "./lns.ts";
export { improve, type SearchOptions, type SearchResult } from "./local_search.ts";
export { Rng } from "./_rng.ts";
