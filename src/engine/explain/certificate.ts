/**
 * Why the plan cannot be better: the lower bound it is measured against, argued from the input.
 * The continuous bound's argument is spelled out step by step with its numbers; a bound from
 * column generation or a solver adds its value on top of that argument. When the plan meets the
 * bound it is proven optimal; otherwise the gap is named with the blocks whose slack could hold it.
 */
import type { LineConfig, Schedule } from "../model.ts";
import { type ContinuousBoundDetail, continuousBoundDetail } from "../bounds/continuous.ts";
import { formatHours } from "./format.ts";
import type { LotPrice, PriceCertificate } from "./prices.ts";

export type CertificateCode =
  | "PROVEN_OPTIMAL"
  | "GAP_OPEN";

/** A block with unused window, where a gap could still be saved. */
export interface SlackBlock {
  /** 1-based block. */
  readonly block: number;
  readonly slackHours: number;
}

export interface Certificate {
  readonly code: CertificateCode;
  readonly method: string;
  readonly lowerBoundHours: number;
  readonly makespanHours: number;
  readonly gapHours: number;
  readonly gapPct: number;
  /** The continuous bound's parts (always valid, whatever bound the plan is measured against). */
  readonly continuous: ContinuousBoundDetail;
  /** Blocks with the most unused window, largest first (empty when proven optimal). */
  readonly slackBlocks: readonly SlackBlock[];
  /** The lots' prices behind a column-generation bound, most overhead first (when computed). */
  readonly lotPrices: readonly LotPrice[];
  /** The argument, one sentence per step. */
  readonly steps: readonly string[];
}

/** Blocks named in the gap statement. */
const SLACK_BLOCKS_SHOWN = 5;

/** The continuous bound's argument in sentences whose numbers reproduce it exactly. */
export function continuousArgument(d: ContinuousBoundDetail, config: LineConfig): string[] {
  const { chgSameHours: s, chgDiffHours: D, windowHours: W, cleanHours: C } = config;
  if (d.lots === 0) return ["There are no lots: the plan is empty."];
  const steps = [
    `The ${d.lots} lots need ${
      formatHours(d.fillHours)
    } h of fill. A block with k lots of d types spends ${formatHours(s)}·(k − d) + ${
      formatHours(D)
    }·(d − 1) h on changeovers, so its fill + ${formatHours(s)}·k + ${
      formatHours(D - s)
    }·d is at most ${formatHours(W)} + ${formatHours(D)} = ${
      formatHours(W + D)
    } h, and the fill + ${formatHours(s)}·k of one type in a block is at most ${
      formatHours(W + s)
    } h.`,
  ];
  const perType = d.perType.map((t) =>
    `${t.type}: ${t.lots} lots, ${formatHours(t.fillHours)} h of fill, so at least ⌈(${
      formatHours(t.fillHours)
    } + ${formatHours(s)}·${t.lots}) / ${formatHours(W + s)}⌉ = ${t.minBlocks} block${
      t.minBlocks === 1 ? "" : "s"
    }`
  );
  steps.push(
    `Each type needs blocks of its own: ${
      perType.join("; ")
    }. So the blocks hold at least ${d.minTypeSlots} type slots in all (a type slot is one type present in one block; every block has at least one).`,
  );
  steps.push(
    `With ${d.typeSlots} type slots, the lots need at least ⌈(${formatHours(d.fillHours)} + ${
      formatHours(s)
    }·${d.lots} + ${formatHours(D - s)}·${d.typeSlots}) / ${
      formatHours(W + D)
    }⌉ = ${d.blocks} blocks, each opened by a ${formatHours(C)} h CLEAN.`,
  );
  steps.push(
    `Makespan = fill + ${formatHours(s)}·lots + ${formatHours(D - s)}·type slots + (${
      formatHours(C)
    } − ${formatHours(D)})·blocks ≥ ${formatHours(d.fillHours)} + ${formatHours(s * d.lots)} + ${
      formatHours((D - s) * d.typeSlots)
    } + ${formatHours((C - D) * d.blocks)} = ${formatHours(d.hours)} h.`,
  );
  return steps;
}

/**
 * The certificate of `schedule` (its lots are those of its plan); `prices` (from
 * priceCertificate) spell out a column-generation bound, or add one beside a weaker bound.
 */
export function certificateOf(schedule: Schedule, prices?: PriceCertificate | null): Certificate {
  const { config, kpis, bound } = schedule;
  const d = continuousBoundDetail(schedule.plan.flat(), config);
  const steps = continuousArgument(d, config);
  if (bound.lowerBoundHours > d.hours + 1e-9 && bound.method === "large-lots") {
    steps.push(
      `Lots longer than half of what a block holds never share a block, and shorter ones only fill the room those leave, giving up a changeover's room and time there when their type differs (Martello and Toth's bound for each type and for all lots, and a linear program sharing those rooms out between types), so more blocks or changeovers are needed: that raises this to ${
        formatHours(bound.lowerBoundHours)
      } h.`,
    );
  } else if (bound.lowerBoundHours > d.hours + 1e-9 && bound.method !== "column-generation") {
    steps.push(
      `The ${bound.method} solver proved a bound of ${formatHours(bound.lowerBoundHours)} h.`,
    );
  }
  if (prices) {
    // The sum's sentence first, then how it compares, then the lots that cost the most.
    steps.push(prices.steps[0]!);
    if (prices.converged && bound.method !== "column-generation") {
      steps.push(
        prices.roundedHours > bound.lowerBoundHours + 1e-9
          ? `That is more than the ${bound.method} bound of ${
            formatHours(bound.lowerBoundHours)
          } h the run reported: the plan is at most ${
            formatHours(Math.max(0, kpis.makespanHours - prices.roundedHours))
          } h from optimal.`
          : `That is no more than the ${
            formatHours(bound.lowerBoundHours)
          } h above, which stays the bound; the prices still show which lots cost the most.`,
      );
    }
    steps.push(...prices.steps.slice(1));
    if (
      bound.method === "column-generation" && bound.lowerBoundHours > prices.roundedHours + 1e-9
    ) {
      steps.push(
        `Solving that relaxation again for plans with fewer and with more blocks than its fractional block count raises the bound to ${
          formatHours(bound.lowerBoundHours)
        } h.`,
      );
    }
  } else if (bound.method === "column-generation") {
    steps.push(
      `A column-generation bound (the linear relaxation over every block a plan could use, rounded up to what plans can reach) raises this to ${
        formatHours(bound.lowerBoundHours)
      } h.`,
    );
  }
  const gapHours = Math.max(0, kpis.makespanHours - bound.lowerBoundHours);
  const slackBlocks = bound.provenOptimal ? [] : kpis.blocks
    .map((b) => ({ block: b.index + 1, slackHours: config.windowHours - b.usedHours }))
    .filter((b) => b.slackHours > 1e-9)
    .sort((a, b) => b.slackHours - a.slackHours || a.block - b.block)
    .slice(0, SLACK_BLOCKS_SHOWN);
  if (bound.provenOptimal) {
    steps.push(
      `The plan takes ${
        formatHours(kpis.makespanHours)
      } h, exactly the bound: it is proven optimal.`,
    );
  } else {
    const where = slackBlocks.length
      ? ` The most unused window is in ${
        slackBlocks.map((b) => `block ${b.block} (${formatHours(b.slackHours)} h)`).join(", ")
      }: a better plan would fill such slack to need fewer blocks or changeovers.`
      : "";
    steps.push(
      `The plan takes ${formatHours(kpis.makespanHours)} h, ${formatHours(gapHours)} h (${
        bound.gapPct.toFixed(2)
      } %) above the bound: at most that much could still be saved.${where}`,
    );
  }
  return {
    code: bound.provenOptimal ? "PROVEN_OPTIMAL" : "GAP_OPEN",
    method: bound.method,
    lowerBoundHours: bound.lowerBoundHours,
    makespanHours: kpis.makespanHours,
    gapHours,
    gapPct: bound.gapPct,
    continuous: d,
    slackBlocks,
    lotPrices: prices?.lots ?? [],
    steps,
  };
}

/** Whether the continuous argument alone proves the plan optimal (then no prices are needed). */
export function needsPrices(schedule: Schedule): boolean {
  return !(schedule.bound.provenOptimal && schedule.bound.method === "continuous");
}
