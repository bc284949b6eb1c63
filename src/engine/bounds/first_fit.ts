/**
 * First fit decreasing by type over the packing form: a quick feasible packing used to seed
 * column generation, to bound the number of blocks of an optimum, and as a MILP incumbent.
 */
import type { Lot, Plan } from "../model.ts";
import { fitsBlock, type PackingForm } from "./packing.ts";

/** Blocks as lists of group indices (one entry per lot). */
export type GroupBlocks = number[][];

/**
 * Types by total size (largest first), lots of a type largest first; each lot goes to the first
 * block that already has its type and room, else the first block with room for it and a setup.
 */
export function firstFitByType(form: PackingForm): GroupBlocks {
  const typeSize = new Array<number>(form.types.length).fill(0);
  for (const g of form.groups) typeSize[g.type]! += g.size * g.lots.length;
  const order = form.groups.map((_, i) => i).sort((x, y) => {
    const gx = form.groups[x]!;
    const gy = form.groups[y]!;
    return typeSize[gy.type]! - typeSize[gx.type]! || gx.type - gy.type || gy.size - gx.size;
  });
  const blocks: { groups: number[]; size: number; types: Set<number> }[] = [];
  for (const gi of order) {
    const g = form.groups[gi]!;
    for (let copy = 0; copy < g.lots.length; copy++) {
      const fits = (b: typeof blocks[number], withSetup: boolean) =>
        fitsBlock(b.size + g.size, b.types.size + (withSetup ? 1 : 0), form);
      const target = blocks.find((b) => b.types.has(g.type) && fits(b, false)) ??
        blocks.find((b) => !b.types.has(g.type) && fits(b, true));
      if (target) {
        target.groups.push(gi);
        target.size += g.size;
        target.types.add(g.type);
      } else blocks.push({ groups: [gi], size: g.size, types: new Set([g.type]) });
    }
  }
  return blocks.map((b) => b.groups);
}

/** Turns group blocks into a plan: real lots, each block's lots grouped by type. */
export function groupBlocksToPlan(blocks: readonly (readonly number[])[], form: PackingForm): Plan {
  const next = new Array<number>(form.groups.length).fill(0);
  return blocks.map((block) => {
    const sorted = [...block].sort((x, y) => form.groups[x]!.type - form.groups[y]!.type);
    return sorted.map((gi): Lot => form.groups[gi]!.lots[next[gi]!++]!);
  });
}
