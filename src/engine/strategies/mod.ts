/** The registry of every strategy: one import and one list entry per strategy. */
import { Registry } from "../registry.ts";
import { givenOrder } from "./given_order.ts";
import { sptPack } from "./spt_pack.ts";
import { lptPack } from "./lpt_pack.ts";
import { cfsPack } from "./cfs_pack.ts";
import { smartPack } from "./smart_pack.ts";
import { hybridPack } from "./hybrid_pack.ts";
import { createOptPack } from "./opt_pack.ts";
import { createMilpOpt } from "./milp_opt.ts";

/** The heuristics, in display order; the optimizers start from their plans. */
const heuristics = [givenOrder, sptPack, lptPack, cfsPack, smartPack, hybridPack] as const;

const optPack = createOptPack(heuristics);

/** All strategies the engine offers, in display order; milp-opt also starts from opt-pack's plan. */
export const registry: Registry = new Registry([
  ...heuristics,
  optPack,
  createMilpOpt(heuristics, optPack),
]);
