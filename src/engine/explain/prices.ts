/**
 * The column-generation bound's certificate: a price for every lot such that no block the line
 * could run costs less than the prices of the lots it holds (checked by exact pricing). A plan's
 * blocks hold every lot once, so any plan costs at least the sum of the prices. A lot's price
 * beyond its own fill and same-type changeover is the overhead (CLEANs, type switches, unusable
 * window) it forces on every plan: the lots with the most are what make the plan expensive.
 */
import type { LineConfig, Lot } from "../model.ts";
import { columnGenerationBound } from "../bounds/column_generation.ts";
import { roundUpToLattice } from "../packing/mod.ts";
import { formatHours } from "./format.ts";

export interface LotPrice {
  readonly lotId: string;
  readonly type: string;
  /** The lot's dual price, hours. */
  readonly priceHours: number;
  /** Price beyond fill + chgSame: the overhead the lot forces, hours. */
  readonly overheadHours: number;
}

export interface PriceCertificate {
  /** Whether pricing proved no block is cheaper than its lots' prices (the LP optimum). */
  readonly converged: boolean;
  /** Σ prices over the lots: a lower bound when converged. */
  readonly sumHours: number;
  /** That sum rounded up to the makespans plans can have. */
  readonly roundedHours: number;
  /** Every lot's price, most overhead first. */
  readonly lots: readonly LotPrice[];
  readonly steps: readonly string[];
}

/** Lots named in the sentences. */
const LOTS_NAMED = 5;

/** Prices the lots by column generation within `budgetMs`. */
export async function priceCertificate(
  lots: readonly Lot[],
  config: LineConfig,
  budgetMs: number,
  signal?: AbortSignal,
): Promise<PriceCertificate | null> {
  const cg = await columnGenerationBound(lots, config, { budgetMs, ...(signal ? { signal } : {}) });
  const form = cg.form;
  if (!form || cg.duals.length !== form.groups.length) return null;
  const duals = cg.proof?.duals ?? cg.duals;
  const prices: LotPrice[] = [];
  let sum = 0;
  form.groups.forEach((g, k) => {
    const price = duals[k]!;
    for (const lot of g.lots) {
      sum += price;
      prices.push({
        lotId: lot.id,
        type: lot.type,
        priceHours: price,
        overheadHours: price - g.size,
      });
    }
  });
  prices.sort((a, b) => b.overheadHours - a.overheadHours || a.lotId.localeCompare(b.lotId));
  const converged = cg.proof !== null;
  const rounded = roundUpToLattice(sum, form);
  const named = prices.slice(0, LOTS_NAMED).map((p) =>
    `${p.lotId} (${p.type}, +${formatHours(p.overheadHours)} h)`
  );
  const steps = converged
    ? [
      `Column generation priced every lot so that no block the line could run (every block was checked exactly) costs less than the prices of the lots it holds. A plan's blocks hold every lot once, so any plan takes at least the sum of the prices, ${
        formatHours(sum)
      } h, rounded up to the makespans plans can have: ${formatHours(rounded)} h.`,
    ]
    : [
      `Column generation stopped within its ${budgetMs} ms before proving its prices; they are the last master LP's and only indicate where the cost lies.`,
    ];
  if (named.length) {
    steps.push(
      `The lots that force the most overhead beyond their own fill and changeover: ${
        named.join(", ")
      }.`,
    );
  }
  return { converged, sumHours: sum, roundedHours: rounded, lots: prices, steps };
}
