/** hybrid-pack: smart-pack's score plus type-streak control. */
import type { Strategy } from "../registry.ts";
import { makePool, packLoop } from "./_pack_loop.ts";
import { scorePicker } from "./_score_pick.ts";
import { HYBRID_OPTIONS, SMART_OPTIONS, weightsFrom } from "./_score_options.ts";

export const hybridPack: Strategy = {
  name: "hybrid-pack",
  aliases: ["hybrid"],
  description: "smart-pack's score and look-ahead plus type-streak control: a streak bonus and " +
    "an SPT bonus (inverse to fill) for staying on type, a bonus for switching to a type with " +
    "short lots waiting, and the switch penalty × 1.1.",
  kind: "heuristic",
  options: [...SMART_OPTIONS, ...HYBRID_OPTIONS],
  run(input) {
    const pool = makePool(input.lots, input.config);
    const picker = scorePicker(pool, input.config, weightsFrom(input.options, true));
    return { plan: packLoop(pool, picker, input.config, input, "hybrid-pack") };
  },
};
