/** Every changeover of a plan with its two lots, their types and its hours. */
import type { LineConfig, Plan } from "../model.ts";
import { changeoverHours, fillHours } from "../rules.ts";
import { formatHours } from "./format.ts";

export type ChangeoverCode = "CHANGEOVER_SAME_TYPE" | "CHANGEOVER_TYPE_SWITCH";

export interface ChangeoverExplanation {
  readonly code: ChangeoverCode;
  /** 1-based block. */
  readonly block: number;
  readonly atHours: number;
  readonly fromLot: string;
  readonly toLot: string;
  readonly fromType: string;
  readonly toType: string;
  readonly hours: number;
  readonly sentence: string;
}

/** Every changeover of `plan` with its two lots, types and hours. */
export function explainChangeovers(plan: Plan, config: LineConfig): ChangeoverExplanation[] {
  const out: ChangeoverExplanation[] = [];
  let t = 0;
  plan.forEach((block, b) => {
    t += config.cleanHours;
    block.forEach((lot, k) => {
      if (k > 0) {
        const prev = block[k - 1]!;
        const hours = changeoverHours(prev.type, lot.type, config);
        const same = prev.type === lot.type;
        out.push({
          code: same ? "CHANGEOVER_SAME_TYPE" : "CHANGEOVER_TYPE_SWITCH",
          block: b + 1,
          atHours: t,
          fromLot: prev.id,
          toLot: lot.id,
          fromType: prev.type,
          toType: lot.type,
          hours,
          sentence: same
            ? `Block ${b + 1}: ${
              formatHours(hours)
            } h changeover between ${prev.id} and ${lot.id}, both ${lot.type}.`
            : `Block ${b + 1}: ${
              formatHours(hours)
            } h changeover from type ${prev.type} (${prev.id}) to ${lot.type} (${lot.id}).`,
        });
        t += hours;
      }
      t += fillHours(lot, config);
    });
  });
  return out;
}
