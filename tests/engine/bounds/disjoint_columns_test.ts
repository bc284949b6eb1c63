import { ok as assert } from "node:assert/strict";
import { packingForm } from "../../../src/engine/packing/mod.ts";
import { pricePatterns } from "../../../src/engine/bounds/pricing.ts";
import { disjointPatterns } from "../../../src/engine/bounds/disjoint_columns.ts";
import { budgetOf } from "../../../src/engine/budget.ts";
import { EPS_HOURS } from "../../../src/engine/rules.ts";
import { tinyInstance } from "../../_helpers/brute_force.ts";

Deno.test("disjointPatterns() adds fitting, profitable patterns over groups no other one uses", () => {
  let extra = 0;
  for (let seed = 1; seed <= 30; seed++) {
    const { lots, config } = tinyInstance(seed * 3, 10);
    const form = packingForm(lots, config);
    // Every lot worth a little more than its size: many patterns pay.
    const values = form.groups.map((g, i) => g.size + 1 + (i % 3));
    const threshold = 0.5;
    const first = pricePatterns(form, values, { threshold });
    const more = disjointPatterns(form, values, threshold, first.patterns, 10, budgetOf(1000));
    const used = new Set(first.patterns.at(-1)?.groups ?? []);
    for (const p of more) {
      let size = 0;
      let profit = 0;
      const types = new Set<number>();
      for (const g of p.groups) {
        size += form.groups[g]!.size;
        profit += values[g]! - form.groups[g]!.size;
        types.add(form.groups[g]!.type);
      }
      assert(size + form.setup * types.size <= form.capacity + EPS_HOURS, `seed ${seed}`);
      assert(Math.abs(profit - form.setup * types.size - p.profit) < 1e-9, `seed ${seed}`);
      assert(p.profit > threshold, `seed ${seed}`);
      for (const g of new Set(p.groups)) {
        assert(!used.has(g), `seed ${seed}: group ${g} twice`);
        used.add(g);
      }
      extra++;
    }
  }
  assert(extra >= 10, `only ${extra} extra patterns`);
});
