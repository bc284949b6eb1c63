/** smart-pack: scores every fitting lot for the open block, with a look-ahead. */
import type { Strategy } from "../registry.ts";
import { makePool, packLoop } from "./_pack_loop.ts";
import { scorePicker } from "./_score_pick.ts";
import { SMART_OPTIONS, weightsFrom } from "./_score_options.ts";

export const smartPack: Strategy = {
  name: "smart-pack",
  aliases: ["smart"],
  description: "No reordering; each pick scores every fitting lot (window use, scaled switch " +
    "penalty, unusable slack, stay bonus, fill weight) and re-scores the best few with a " +
    "one-step look-ahead. Ties go to the lot earlier in the input.",
  kind: "heuristic",
  options: SMART_OPTIONS,
  run(input) {
    const pool = makePool(input.lots, input.config);
    const picker = scorePicker(pool, input.config, weightsFrom(input.options, false));
    return { plan: packLoop(pool, picker, input.config, input, "smart-pack") };
  },
};
