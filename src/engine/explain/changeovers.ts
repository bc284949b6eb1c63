/** Every changeover of a schedule with its two lots, their types and its hours. */
import type { Activity } from "../model.ts";
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

/**
 * Every changeover of a schedule's activities (as planned: each sits between the fills of its two
 * lots) with its two lots, types and hours.
 */
export function explainChangeovers(activities: readonly Activity[]): ChangeoverExplanation[] {
  const out: ChangeoverExplanation[] = [];
  activities.forEach((a, k) => {
    if (a.kind !== "CHANGEOVER") return;
    const prev = activities[k - 1], next = activities[k + 1];
    if (prev?.kind !== "FILL" || next?.kind !== "FILL") return;
    const [from, to] = [prev.lotId!, next.lotId!];
    const [fromType, toType] = [prev.lotType!, next.lotType!];
    const same = fromType === toType;
    const h = formatHours(a.hours);
    out.push({
      code: same ? "CHANGEOVER_SAME_TYPE" : "CHANGEOVER_TYPE_SWITCH",
      block: a.block + 1,
      atHours: a.startH,
      fromLot: from,
      toLot: to,
      fromType,
      toType,
      hours: a.hours,
      sentence: same
        ? `Block ${a.block + 1}: ${h} h changeover between ${from} and ${to}, both ${toType}.`
        : `Block ${
          a.block + 1
        }: ${h} h changeover from type ${fromType} (${from}) to ${toType} (${to}).`,
    });
  });
  return out;
}
