/** The registry of every strategy: one import and one list entry per strategy. */
import { Registry } from "../registry.ts";
import { givenOrder } from "./given_order.ts";
import { sptPack } from "./spt_pack.ts";
import { lptPack } from "./lpt_pack.ts";
import { cfsPack } from "./cfs_pack.ts";
import { smartPack } from "./smart_pack.ts";
import { hybridPack } from "./hybrid_pack.ts";
import { optPack } from "./opt_pack.ts";
import { milpOpt } from "./milp_opt.ts";

/** All strategies the engine offers, in display order. */
export const registry: Registry = new Registry([
  givenOrder,
  sptPack,
  lptPack,
  cfsPack,
  smartPack,
  hybridPack,
  optPack,
  milpOpt,
]);
