/**
 * The plan that disturbs least: the schedule's own blocks and order with the changes applied.
 * A block that a larger lot now overfills pushes its last lots into the next one; each new lot
 * goes where it costs least.
 */
import type { LineConfig, Lot, Plan } from "../model.ts";
import { applyInsertion, rankInsertions, splitToFit } from "./insertion.ts";
import type { FirstFree } from "./insertion.ts";

/** `plan` with only `free` lots after `firstFree` (same IDs, maybe new vials) and `added` placed. */
export function keptOrderPlan(
  plan: Plan,
  firstFree: FirstFree,
  free: readonly Lot[],
  added: readonly Lot[],
  config: LineConfig,
): Lot[][] {
  const now = new Map(free.map((l) => [l.id, l]));
  let out: Lot[][] = plan.map((block, b) =>
    block.flatMap((lot, p) => {
      const frozen = b < firstFree.block || (b === firstFree.block && p < firstFree.position);
      if (frozen) return [lot];
      const cur = now.get(lot.id);
      return cur ? [cur] : [];
    })
  ).filter((b) => b.length > 0);
  // Overfull blocks push on; the frozen part of a block always fits (it did before).
  for (let b = firstFree.block; b < out.length; b++) {
    const { keep, carry } = splitToFit(out[b]!, config);
    if (!carry.length) continue;
    out[b] = keep;
    if (b + 1 < out.length) out[b + 1] = [...carry, ...out[b + 1]!];
    else out.push(carry);
  }
  for (const lot of added) {
    const best = rankInsertions(out, lot, config, firstFree)[0]!;
    out = applyInsertion(out, lot, best, config);
  }
  return out;
}
